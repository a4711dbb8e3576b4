using System.Runtime.CompilerServices;

namespace Kfork.Kern;

/// <summary>
/// panic(9): a kernel bug. Raised by a failed KASSERT or a violated invariant, never for a
/// user's bad argument (those are errno values).
/// </summary>
public sealed class PanicException(string message) : Exception("panic: " + message);

/// <summary>KASSERT and panic.</summary>
public static class Debug
{
    /// <summary>KASSERT(cond, (msg)): panics naming the assertion when it does not hold.</summary>
    public static void KAssert(bool condition, string assertion)
    {
        if (!condition) throw new PanicException(assertion);
    }

    /// <summary>
    /// KASSERT with a formatted message: the message is built only when the assertion fails, so a
    /// KASSERT on a hot path (start_forked_proc) costs a branch, not a string.
    /// </summary>
    public static void KAssert(bool condition, [InterpolatedStringHandlerArgument(nameof(condition))] ref KAssertMessage assertion)
    {
        if (!condition) throw new PanicException(assertion.ToStringAndClear());
    }

    public static Exception Panic(string message) => new PanicException(message);
}

/// <summary>Formats a KASSERT message only when the condition is false.</summary>
[InterpolatedStringHandler]
public ref struct KAssertMessage
{
    private DefaultInterpolatedStringHandler inner;

    public KAssertMessage(int literalLength, int formattedCount, bool condition, out bool shouldAppend)
    {
        shouldAppend = !condition;
        inner = shouldAppend ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public void AppendLiteral(string s) => inner.AppendLiteral(s);
    public void AppendFormatted<T>(T value) => inner.AppendFormatted(value);
    public string ToStringAndClear() => inner.ToStringAndClear();
}
