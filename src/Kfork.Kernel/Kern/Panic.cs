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

    public static Exception Panic(string message) => new PanicException(message);
}
