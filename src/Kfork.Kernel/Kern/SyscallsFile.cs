using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>
/// The file group of the system-call table (GUEST_ABI.md numbers, FreeBSD's names): each entry
/// decodes the argument registers and calls the kernel's Sys* method; results go to Retval0.
/// </summary>
public sealed partial class Kernel
{
    public static void RegisterFileCalls(SyscallTable t)
    {
        t.Add(3, "read", 3, static (k, td, in a) => k.SysRead(td, a.Int(0), a.A1, a.A2));
        t.Add(4, "write", 3, static (k, td, in a) => k.SysWrite(td, a.Int(0), a.A1, a.A2));
        t.Add(5, "open", 3, static (k, td, in a) => k.SysOpen(td, a.A0, a.Int(1), a.Int(2)));
        t.Add(6, "close", 1, static (k, td, in a) => k.SysClose(td, a.Int(0)));
        t.Add(10, "unlink", 1, static (k, td, in a) => k.SysUnlink(td, a.A0));
        t.Add(12, "chdir", 1, static (k, td, in a) => k.SysChdir(td, a.A0));
        t.Add(41, "dup", 1, static (k, td, in a) => k.SysDup(td, a.Int(0)));
        t.Add(90, "dup2", 2, static (k, td, in a) => k.SysDup2(td, a.Int(0), a.Int(1)));
        t.Add(362, "kqueue", 0, static (k, td, in a) => k.SysKqueue(td));
        t.Add(542, "pipe2", 2, static (k, td, in a) => k.SysPipe2(td, a.A0, a.Int(1)));
        t.Add(560, "kevent", 6, static (k, td, in a) =>
            k.SysKevent(td, a.Int(0), a.A1, a.Int(2), a.A3, a.Int(4), a.A5));
    }
}
