using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>
/// subr_syscall.c: the machine-independent half of a system call: find the entry in the
/// profile's table, fire the probes ktrace is built on, run it. An unknown number is ENOSYS and
/// posts SIGSYS (nosys(), as both FreeBSD and DragonFly do).
/// </summary>
public sealed partial class Kernel
{
    private SyscallTable? syscalls;

    /// <summary>The profile's system-call table, built on first use from every group's registration.</summary>
    public SyscallTable Syscalls => syscalls ??= BuildSyscallTable();

    private SyscallTable BuildSyscallTable()
    {
        var t = new SyscallTable();
        RegisterProcessCalls(t);
        RegisterFileCalls(t);
        if (Profile.HasLwpCreate) RegisterLwpCalls(t);
        return t;
    }

    /// <summary>syscallenter + the handler: returns the errno for the machine to report.</summary>
    public Errno Syscall(Lwp td, int code, in SyscallArgs args)
    {
        var entry = Syscalls.Find(code);
        if (Probes.Enabled) FireSyscallEntry(td, code, entry, args);
        td.Retval0 = 0;
        td.SyscallCode = code;
        Errno error;
        if (entry == null)
        {
            Psignal(td.Proc, Sig.SIGSYS);
            error = Errno.ENOSYS;
        }
        else
        {
            error = entry.Handler(this, td, args);
        }
        if (Probes.Enabled && error != Errno.EJUSTRETURN) FireSyscallReturn(td, td.SyscallCode, td.Retval0, error);
        return error;
    }

    /// <summary>
    /// The return probe (ktrace's SYSRET): at the end of a call, when a call that slept completes,
    /// and for a child's first return from fork.
    /// </summary>
    internal void FireSyscallReturn(Lwp td, int code, long retval, Errno error) =>
        Fire(ProbeId.SyscallReturn, td, arg0: code, arg1: retval, error: error, text: Syscalls.Find(code)?.Name ?? "nosys");

    private void FireSyscallEntry(Lwp td, int code, Sysent? entry, in SyscallArgs args)
    {
        int n = entry?.ArgCount ?? 0;
        var text = entry == null ? $"#{code}" : n == 0 ? entry.Name : $"{entry.Name}({FormatArgs(args, n)})";
        Fire(ProbeId.SyscallEntry, td, arg0: code, text: text);
    }

    private static string FormatArgs(in SyscallArgs args, int n)
    {
        var parts = new string[n];
        for (int i = 0; i < n; i++) parts[i] = "0x" + args[i].ToString("x");
        return string.Join(",", parts);
    }
}
