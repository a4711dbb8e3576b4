using System.Buffers.Binary;
using System.Text;
using Kfork.Sys;
using Kfork.Vm;

namespace Kfork.Kern;

/// <summary>
/// syscalls.master for the process side: GUEST_ABI.md's numbers (FreeBSD's) with their
/// argument decoding from the trap frame's a0..a7.
/// </summary>
public sealed partial class Kernel
{
    private static void RegisterProcessCalls(SyscallTable t)
    {
        t.Add(1, "exit", 1, static (Kernel k, Lwp td, in SyscallArgs a) => { k.SysExit(td, a.Int(0)); return Errno.EJUSTRETURN; });
        t.Add(2, "fork", 0, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysFork(td));
        t.Add(7, "wait4", 4, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysWait4Guest(td, a));
        t.Add(17, "break", 1, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysBreak(td, a.A0));
        t.Add(20, "getpid", 0, static (Kernel k, Lwp td, in SyscallArgs a) => k.Return(td, td.Proc.Pid));
        t.Add(23, "setuid", 1, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysSetuid(td, a.Int(0)));
        t.Add(24, "getuid", 0, static (Kernel k, Lwp td, in SyscallArgs a) => k.Return(td, k.GetUid(td)));
        t.Add(25, "geteuid", 0, static (Kernel k, Lwp td, in SyscallArgs a) => k.Return(td, k.GetEuid(td)));
        t.Add(37, "kill", 2, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysKill(td, a.Int(0), a.Int(1)));
        t.Add(39, "getppid", 0, static (Kernel k, Lwp td, in SyscallArgs a) => k.Return(td, k.GetPpid(td)));
        t.Add(43, "getegid", 0, static (Kernel k, Lwp td, in SyscallArgs a) => k.Return(td, k.GetEgid(td)));
        t.Add(47, "getgid", 0, static (Kernel k, Lwp td, in SyscallArgs a) => k.Return(td, k.GetGid(td)));
        t.Add(59, "execve", 3, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysExecve(td, a.A0, a.A1, a.A2));
        t.Add(66, "vfork", 0, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysVfork(td));
        t.Add(73, "munmap", 2, static (Kernel k, Lwp td, in SyscallArgs a) => td.Proc.Vmspace.Unmap(a.A0, a.A1));
        t.Add(81, "getpgrp", 0, static (Kernel k, Lwp td, in SyscallArgs a) => k.Return(td, k.GetPgrp(td)));
        t.Add(82, "setpgid", 2, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysSetpgid(td, a.Int(0), a.Int(1)));
        t.Add(147, "setsid", 0, static (Kernel k, Lwp td, in SyscallArgs a) => k.SetSid(td));
        t.Add(181, "setgid", 1, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysSetgid(td, a.Int(0)));
        t.Add(194, "getrlimit", 2, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysGetrlimitGuest(td, a.Int(0), a.A1));
        t.Add(195, "setrlimit", 2, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysSetrlimitGuest(td, a.Int(0), a.A1));
        t.Add(202, "__sysctl", 6, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysSysctlMib(td, a));
        t.Add(232, "clock_gettime", 2, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysClockGettimeGuest(td, a.Int(0), a.A1));
        t.Add(240, "nanosleep", 2, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysNanosleepGuest(td, a.A0, a.A1));
        t.Add(251, "rfork", 1, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysRfork(td, (RforkFlags)(uint)a.A0));
        t.Add(310, "getsid", 1, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysGetsid(td, a.Int(0)));
        t.Add(331, "sched_yield", 0, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysSchedYield(td));
        t.Add(340, "sigprocmask", 3, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysSigprocmaskGuest(td, a.Int(0), a.A1, a.A2));
        t.Add(416, "sigaction", 3, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysSigactionGuest(td, a.Int(0), a.A1, a.A2));
        t.Add(417, "sigreturn", 1, static (Kernel k, Lwp td, in SyscallArgs a) => k.Machine!.SigReturn(td, a.A0));
        t.Add(477, "mmap", 6, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysMmap(td, a));
        t.Add(570, "__sysctlbyname", 6, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysSysctlByName(td, a));
    }

    private static void RegisterLwpCalls(SyscallTable t)
    {
        t.Add(494, "extexit", 3, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysExtexit(td, a.Int(0), a.Int(1), a.A2));
        t.Add(495, "lwp_create", 1, static (Kernel k, Lwp td, in SyscallArgs a) => k.SysLwpCreateGuest(td, a.A0));
        t.Add(496, "lwp_gettid", 0, static (Kernel k, Lwp td, in SyscallArgs a) => k.Return(td, td.Tid));
    }

    private Errno Return(Lwp td, long value)
    {
        td.Retval0 = value;
        return Errno.OK;
    }

    /// <summary>wait4 with a struct rusage pointer: Kfork keeps no resource usage, so it reads as zeros.</summary>
    private Errno SysWait4Guest(Lwp td, in SyscallArgs a)
    {
        if (a.A3 != 0)
        {
            var error = td.Proc.Vmspace.CopyOut(new byte[144], a.A3);
            if (error != Errno.OK) return error;
        }
        return SysWait4(td, a.Int(0), a.A1, a.Int(2));
    }

    /// <summary>obreak: set the break within RLIMIT_DATA; returns the break now in effect.</summary>
    private Errno SysBreak(Lwp td, ulong newBreak)
    {
        var p = td.Proc;
        var error = p.Vmspace.Break(newBreak, (ulong)p.Limit[RlimitKind.Data].Cur, out ulong current);
        td.Retval0 = (long)current;
        return error;
    }

    /// <summary>mmap: anonymous mappings only (there are no mappable files); EINVAL otherwise.</summary>
    private Errno SysMmap(Lwp td, in SyscallArgs a)
    {
        var flags = (MapFlags)(int)a.A3;
        if ((flags & MapFlags.Anon) == 0) return Errno.EINVAL;
        var error = td.Proc.Vmspace.Map(a.A0, a.A1, (Prot)(int)a.A2, flags, out ulong mapped);
        td.Retval0 = (long)mapped;
        return error;
    }

    private Errno SysGetrlimitGuest(Lwp td, int resource, ulong addr)
    {
        var error = GetRlimit(td, resource, out var l);
        if (error != Errno.OK) return error;
        Span<byte> buf = stackalloc byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(buf, l.Cur);
        BinaryPrimitives.WriteInt64LittleEndian(buf[8..], l.Max);
        return td.Proc.Vmspace.CopyOut(buf, addr);
    }

    private Errno SysSetrlimitGuest(Lwp td, int resource, ulong addr)
    {
        Span<byte> buf = stackalloc byte[16];
        var error = td.Proc.Vmspace.CopyIn(addr, buf);
        if (error != Errno.OK) return error;
        return SetRlimit(td, resource, new Rlimit(BinaryPrimitives.ReadInt64LittleEndian(buf), BinaryPrimitives.ReadInt64LittleEndian(buf[8..])));
    }

    private Errno SysClockGettimeGuest(Lwp td, int clock, ulong tp)
    {
        var error = ClockGettime(clock, out long sec, out long nsec);
        return error != Errno.OK ? error : CopyOutTimespec(td, tp, sec, nsec);
    }

    internal static Errno CopyOutTimespec(Lwp td, ulong addr, long sec, long nsec)
    {
        Span<byte> buf = stackalloc byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(buf, sec);
        BinaryPrimitives.WriteInt64LittleEndian(buf[8..], nsec);
        return td.Proc.Vmspace.CopyOut(buf, addr);
    }

    /// <summary>nanosleep(rqtp, rmtp): rmtp receives the time left when a signal cuts the sleep short.</summary>
    private Errno SysNanosleepGuest(Lwp td, ulong rqtp, ulong rmtp)
    {
        Span<byte> buf = stackalloc byte[16];
        var error = td.Proc.Vmspace.CopyIn(rqtp, buf);
        if (error != Errno.OK) return error;
        return SysNanosleep(td, BinaryPrimitives.ReadInt64LittleEndian(buf), BinaryPrimitives.ReadInt64LittleEndian(buf[8..]), rmtp);
    }

    /// <summary>sigprocmask(how, set, oset) with GUEST_ABI's 16-byte sigset_t.</summary>
    private Errno SysSigprocmaskGuest(Lwp td, int how, ulong setAddr, ulong osetAddr)
    {
        Sigset? set = null;
        if (setAddr != 0)
        {
            var error = CopyInSigset(td, setAddr, out var s);
            if (error != Errno.OK) return error;
            set = s;
        }
        var err = SysSigprocmask(td, how, set, out var old);
        if (err == Errno.OK && osetAddr != 0) err = CopyOutSigset(td, osetAddr, old);
        if (err == Errno.OK) Userret(td);
        return err;
    }

    /// <summary>sigaction(sig, act, oact) with GUEST_ABI's 32-byte struct sigaction.</summary>
    private Errno SysSigactionGuest(Lwp td, int sig, ulong actAddr, ulong oactAddr)
    {
        SigAction? act = null;
        Span<byte> buf = stackalloc byte[32];
        if (actAddr != 0)
        {
            var error = td.Proc.Vmspace.CopyIn(actAddr, buf);
            if (error != Errno.OK) return error;
            act = new SigAction(BinaryPrimitives.ReadUInt64LittleEndian(buf), Sigset.Read(buf[12..]),
                (SaFlags)BinaryPrimitives.ReadInt32LittleEndian(buf[8..]));
        }
        var err = SysSigaction(td, sig, act, out var old);
        if (err != Errno.OK || oactAddr == 0) return err;
        buf.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(buf, old.Handler);
        BinaryPrimitives.WriteInt32LittleEndian(buf[8..], (int)old.Flags);
        old.Mask.Write(buf[12..]);
        return td.Proc.Vmspace.CopyOut(buf, oactAddr);
    }

    private static Errno CopyInSigset(Lwp td, ulong addr, out Sigset set)
    {
        Span<byte> b = stackalloc byte[Sigset.UserSize];
        var error = td.Proc.Vmspace.CopyIn(addr, b);
        set = error == Errno.OK ? Sigset.Read(b) : default;
        return error;
    }

    private static Errno CopyOutSigset(Lwp td, ulong addr, Sigset set)
    {
        Span<byte> b = stackalloc byte[Sigset.UserSize];
        set.Write(b);
        return td.Proc.Vmspace.CopyOut(b, addr);
    }

    /// <summary>
    /// extexit(how, status, addr) (DragonFly): EXTEXIT_SETINT stores the status at addr first;
    /// EXTEXIT_PROC ends the process, EXTEXIT_LWP only the calling LWP (the process when it is the last).
    /// </summary>
    private Errno SysExtexit(Lwp td, int how, int status, ulong addr)
    {
        const int ExtexitSetint = 1, ExtexitLwp = 1 << 16;
        if ((how & 0xffff) == ExtexitSetint)
        {
            var error = CopyOutInt32(td.Proc, addr, status);
            if (error != Errno.OK) return error;
        }
        else if ((how & 0xffff) != 0) return Errno.EINVAL;
        if ((how & ~0xffff) == ExtexitLwp && td.Proc.NThreads > 1) RemoveLwp(td);
        else if ((how & ~0xffff) == ExtexitLwp || (how & ~0xffff) == 0) Exit1(td, Wait.Exited(status));
        else return Errno.EINVAL;
        return Errno.EJUSTRETURN;
    }

    /// <summary>lwp_create(struct lwp_params *) with the five pointers GUEST_ABI.md lists.</summary>
    private Errno SysLwpCreateGuest(Lwp td, ulong paramsAddr)
    {
        Span<byte> b = stackalloc byte[40];
        var error = td.Proc.Vmspace.CopyIn(paramsAddr, b);
        if (error != Errno.OK) return error;
        var prm = new LwpParams(BinaryPrimitives.ReadUInt64LittleEndian(b), BinaryPrimitives.ReadUInt64LittleEndian(b[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(b[16..]), BinaryPrimitives.ReadUInt64LittleEndian(b[24..]),
            BinaryPrimitives.ReadUInt64LittleEndian(b[32..]));
        return SysLwpCreate(td, prm);
    }

    // ---- sysctl ----

    /// <summary>__sysctlbyname(name, namelen, oldp, oldlenp, newp, newlen).</summary>
    private Errno SysSysctlByName(Lwp td, in SyscallArgs a)
    {
        if (a.A1 > 256) return Errno.ENAMETOOLONG;
        var buf = new byte[(int)a.A1];
        var error = td.Proc.Vmspace.CopyIn(a.A0, buf);
        if (error != Errno.OK) return error;
        var name = Encoding.UTF8.GetString(buf).TrimEnd('\0');
        return SysctlExchange(td, name, a.A2, a.A3, a.A4, a.A5);
    }

    /// <summary>__sysctl with a numeric MIB: the CTL_KERN names FreeBSD numbers (kern.ostype {1,1}, kern.osrelease {1,2}, kern.maxproc {1,6}).</summary>
    private Errno SysSysctlMib(Lwp td, in SyscallArgs a)
    {
        if (a.A1 < 2 || a.A1 > 24) return Errno.EINVAL;
        Span<byte> mib = stackalloc byte[8];
        var error = td.Proc.Vmspace.CopyIn(a.A0, mib);
        if (error != Errno.OK) return error;
        int top = BinaryPrimitives.ReadInt32LittleEndian(mib), second = BinaryPrimitives.ReadInt32LittleEndian(mib[4..]);
        string? name = (top, second) switch
        {
            (1, 1) => "kern.ostype",
            (1, 2) => "kern.osrelease",
            (1, 6) => "kern.maxproc",
            _ => null,
        };
        return name == null ? Errno.ENOENT : SysctlExchange(td, name, a.A2, a.A3, a.A4, a.A5);
    }

    /// <summary>
    /// sysctl's old/new exchange: integers are 4-byte ints, strings NUL-terminated; a NULL oldp asks
    /// for the length; a short buffer gets what fits and ENOMEM (FreeBSD's sysctl_old_user).
    /// </summary>
    private Errno SysctlExchange(Lwp td, string name, ulong oldp, ulong oldlenp, ulong newp, ulong newlen)
    {
        var vm = td.Proc.Vmspace;
        if (!sysctls.TryGetValue(name, out var oid)) return Errno.ENOENT;
        byte[] value = oid.ReadInt is { } readInt ? IntBytes(readInt()) : Encoding.UTF8.GetBytes(oid.Read() + "\0");
        if (oldlenp != 0)
        {
            var error = vm.ReadU64(oldlenp, out ulong oldlen);
            if (error != Errno.OK) return error;
            if (oldp != 0)
            {
                int n = (int)Math.Min(oldlen, (ulong)value.Length);
                error = vm.CopyOut(value.AsSpan(0, n), oldp);
                if (error != Errno.OK) return error;
            }
            error = vm.WriteU64(oldlenp, (ulong)value.Length);
            if (error != Errno.OK) return error;
            if (oldp != 0 && oldlen < (ulong)value.Length) return Errno.ENOMEM;
        }
        return newp == 0 ? Errno.OK : SysctlWriteFromUser(td, name, newp, newlen);
    }

    private Errno SysctlWriteFromUser(Lwp td, string name, ulong newp, ulong newlen)
    {
        if (newlen != 4 && newlen != 8) return Errno.EINVAL;
        Span<byte> b = stackalloc byte[8];
        var error = td.Proc.Vmspace.CopyIn(newp, b[..(int)newlen]);
        if (error != Errno.OK) return error;
        long v = newlen == 4 ? BinaryPrimitives.ReadInt32LittleEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b);
        return SysctlWrite(td, name, v);
    }

    private static byte[] IntBytes(long value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, (int)value);
        return b;
    }
}
