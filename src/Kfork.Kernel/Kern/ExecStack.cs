using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Kfork.Sys;
using Kfork.Vm;

namespace Kfork.Kern;

/// <summary>
/// The initial user stack of a new image, laid out as exec_copyout_strings does, minus the
/// parts GUEST_ABI.md leaves out (ps_strings, canary, auxv): the strings end at USRSTACK,
/// argc sits at a 16-byte aligned sp, followed by argv[], NULL, envp[], NULL.
/// </summary>
internal readonly struct ExecStack
{
    private readonly IReadOnlyList<string> _argv;
    private readonly IReadOnlyList<string> _envp;
    private readonly long _stringBytes;

    private ExecStack(IReadOnlyList<string> argv, IReadOnlyList<string> envp, long stringBytes)
    {
        _argv = argv;
        _envp = envp;
        _stringBytes = stringBytes;
    }

    /// <summary>
    /// exec_copyin_args' accounting: E2BIG when the strings with their NULs, plus the argv and
    /// envp pointers with their NULL terminators, exceed ARG_MAX.
    /// </summary>
    public static Errno Measure(IReadOnlyList<string> argv, IReadOnlyList<string> envp, out ExecStack stack)
    {
        long total = (argv.Count + 1L + envp.Count + 1L) * sizeof(ulong);
        long strings = 0;
        foreach (var list in (ReadOnlySpan<IReadOnlyList<string>>)[argv, envp])
        {
            for (int i = 0; i < list.Count && total + strings <= VmParam.ArgMax; i++)
                strings += Encoding.UTF8.GetByteCount(list[i]) + 1;
        }
        stack = new ExecStack(argv, envp, strings);
        return total + strings > VmParam.ArgMax ? Errno.E2BIG : Errno.OK;
    }

    /// <summary>Where the strings start: pointer-aligned below USRSTACK.</summary>
    private ulong StringsAt => (VmParam.UserStack - (ulong)_stringBytes) & ~7UL;

    private int VectorWords => 1 + _argv.Count + 1 + _envp.Count + 1;

    /// <summary>The stack pointer at entry, 16-byte aligned below the vectors.</summary>
    public ulong StackPointer => (StringsAt - (ulong)VectorWords * sizeof(ulong)) & ~15UL;

    /// <summary>Bytes between the stack pointer and USRSTACK.</summary>
    public ulong Size => VmParam.UserStack - StackPointer;

    /// <summary>Writes argc, the vectors and the strings into the (already mapped) stack.</summary>
    public void CopyOut(Vmspace space)
    {
        var strings = new byte[_stringBytes];
        var vector = new byte[VectorWords * sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(vector, (ulong)_argv.Count);
        int word = 1, at = 0;
        foreach (var list in (ReadOnlySpan<IReadOnlyList<string>>)[_argv, _envp])
        {
            foreach (var s in list)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(vector.AsSpan(word++ * sizeof(ulong)), StringsAt + (ulong)at);
                at += Encoding.UTF8.GetBytes(s, strings.AsSpan(at)) + 1;
            }
            word++; // the NULL that ends argv[] and then envp[]
        }
        var stringsError = space.Fill(StringsAt, strings);
        var vectorError = space.Fill(StackPointer, vector);
        Debug.KAssert(stringsError == Errno.OK && vectorError == Errno.OK, "the stack is mapped before it is filled");
    }
}
