using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>The eight argument registers of a system call (a0..a7 on riscv64).</summary>
public readonly record struct SyscallArgs(ulong A0, ulong A1, ulong A2, ulong A3, ulong A4, ulong A5, ulong A6, ulong A7)
{
    public int Int(int i) => (int)this[i];
    public ulong this[int i] => i switch
    {
        0 => A0, 1 => A1, 2 => A2, 3 => A3, 4 => A4, 5 => A5, 6 => A6, _ => A7,
    };
}

/// <summary>
/// A system call handler: results go to td.Retval0/Retval1; the errno is returned.
/// EJUSTRETURN means the call arranged its own return (it slept, exec'd, or returned from a signal).
/// </summary>
public delegate Errno SyscallHandler(Kernel k, Lwp td, in SyscallArgs args);

/// <summary>One entry of the system-call table (struct sysent): number, name for ktrace, handler.</summary>
public sealed record Sysent(int Number, string Name, int ArgCount, SyscallHandler Handler);

/// <summary>
/// The system-call table is data: each group of calls registers its entries from its own file
/// (<c>Register*</c> methods), and a profile's table is the union of the groups it has.
/// </summary>
public sealed class SyscallTable
{
    private readonly Dictionary<int, Sysent> entries = [];

    public void Add(int number, string name, int argCount, SyscallHandler handler)
    {
        if (!entries.TryAdd(number, new Sysent(number, name, argCount, handler)))
            throw new PanicException($"syscall {number} ({name}) registered twice");
    }

    public Sysent? Find(int number) => entries.GetValueOrDefault(number);

    public IEnumerable<Sysent> Entries => entries.Values.OrderBy(e => e.Number);
}
