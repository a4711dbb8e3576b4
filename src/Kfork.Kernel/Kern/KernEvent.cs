using System.Buffers.Binary;
using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>kern_event.c: kqueue(2) and kevent(2).</summary>
public sealed partial class Kernel
{
    public const ushort EV_DELETE = 0x2, EV_ENABLE = 0x4, EV_DISABLE = 0x8;
    /// <summary>The action bits kqueue_register strips before it keeps a kevent's flags.</summary>
    internal const ushort EV_SYSFLAGS = EV_ADD | EV_DELETE | EV_ENABLE | EV_DISABLE;

    private int lastKqueueId;

    /// <summary>kqueue(2): a new, empty kqueue; the descriptor in Retval0.</summary>
    public Errno SysKqueue(Lwp td)
    {
        var kq = new Kqueue(this);
        var fp = new OpenFile { Kind = "kqueue", Name = $"kqueue:{++lastKqueueId}", Flags = OpenFile.FREAD | OpenFile.FWRITE, Ops = kq };
        var error = FInstall(td.Proc, fp, closeOnExec: false, out int fd);
        if (error == Errno.OK) td.Retval0 = fd;
        return error;
    }

    /// <summary>
    /// kevent(2): apply <paramref name="nchanges"/> changes, then collect up to
    /// <paramref name="nevents"/> events into <paramref name="eventlist"/>; Retval0 = the count.
    /// EBADF unless <paramref name="kqfd"/> is a kqueue; EINVAL for negative counts or a bad
    /// timeout. A failed change is reported as an EV_ERROR event (data = errno) while there is
    /// room, and the call then returns at once; without room its errno is the call's.
    /// The timeout: NULL sleeps until an event (PCATCH; a signal gives EINTR, never a restart),
    /// zero polls, otherwise ceil(ns * hz / 1e9) ticks of the virtual clock, then 0 events.
    /// </summary>
    public Errno SysKevent(Lwp td, int kqfd, ulong changelist, int nchanges, ulong eventlist, int nevents, ulong timeoutAddr)
    {
        var error = Fget(td.Proc, kqfd, out var fp);
        if (error != Errno.OK) return error;
        if (fp.Ops is not Kqueue kq) return Errno.EBADF;
        if (nchanges < 0 || nevents < 0) return Errno.EINVAL;
        error = KeventTimeout(td, timeoutAddr, out long timo);
        if (error != Errno.OK) return error;
        error = KeventChanges(td, kq, changelist, nchanges, eventlist, nevents, out int nerrors);
        if (error != Errno.OK) return error;
        if (nerrors > 0)
        {
            td.Retval0 = nerrors;
            return Errno.OK;
        }
        long deadline = timo > 0 ? Ticks + timo : 0;
        return KqueueScan(td, fp, kq, eventlist, nevents, timo, deadline);
    }

    /// <summary>The timeout in ticks: -1 for none (sleep until an event), 0 to poll.</summary>
    private Errno KeventTimeout(Lwp td, ulong addr, out long ticks)
    {
        ticks = -1;
        if (addr == 0) return Errno.OK;
        Span<byte> ts = stackalloc byte[16];
        var error = td.Proc.Vmspace.CopyIn(addr, ts);
        if (error != Errno.OK) return error;
        long sec = BinaryPrimitives.ReadInt64LittleEndian(ts);
        long nsec = BinaryPrimitives.ReadInt64LittleEndian(ts[8..]);
        if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000) return Errno.EINVAL;
        long hz = Profile.Hz;
        ticks = sec >= int.MaxValue / hz ? int.MaxValue : sec * hz + (nsec * hz + 999_999_999) / 1_000_000_000;
        return Errno.OK;
    }

    /// <summary>kqueue_register for each change, EV_ERROR entries written from the start of eventlist.</summary>
    private static Errno KeventChanges(Lwp td, Kqueue kq, ulong changelist, int nchanges, ulong eventlist, int nevents, out int nerrors)
    {
        nerrors = 0;
        var vm = td.Proc.Vmspace;
        Span<byte> raw = stackalloc byte[KEvent.Size];
        for (int i = 0; i < nchanges; i++)
        {
            if (vm.CopyIn(changelist + (ulong)i * KEvent.Size, raw) != Errno.OK) return Errno.EFAULT;
            var change = KEvent.Decode(raw);
            var error = kq.Register(change);
            if (error == Errno.OK) continue;
            if (nerrors >= nevents) return error;
            (change with { Flags = EV_ERROR, Data = (long)error }).Encode(raw);
            if (vm.CopyOut(raw, eventlist + (ulong)nerrors * KEvent.Size) != Errno.OK) return Errno.EFAULT;
            nerrors++;
        }
        return Errno.OK;
    }

    /// <summary>kqueue_scan: copy out what is active; with nothing, poll, sleep until the deadline, or sleep.</summary>
    private Errno KqueueScan(Lwp td, OpenFile fp, Kqueue kq, ulong eventlist, int nevents, long timo, long deadline)
    {
        td.Retval0 = 0;
        if (nevents == 0) return Errno.OK;
        Span<byte> raw = stackalloc byte[KEvent.Size];
        int n = 0;
        while (n < nevents && kq.TryCollect(out var ev))
        {
            ev.Encode(raw);
            if (td.Proc.Vmspace.CopyOut(raw, eventlist + (ulong)n * KEvent.Size) != Errno.OK) return Errno.EFAULT;
            n++;
        }
        td.Retval0 = n;
        if (n > 0 || timo == 0) return Errno.OK;
        long left = timo < 0 ? 0 : deadline - Ticks;
        if (timo > 0 && left <= 0) return Errno.OK;
        return Tsleep(td, kq, "kqread", (int)Math.Min(left, int.MaxValue), true,
            new KqueueSleep(fp, kq, eventlist, nevents, timo, deadline));
    }

    /// <summary>After the sleep: a timeout is 0 events, a signal EINTR (kqueue_scan never restarts), a wakeup a rescan.</summary>
    private sealed class KqueueSleep(OpenFile fp, Kqueue kq, ulong eventlist, int nevents, long timo, long deadline) : SleepContinuation
    {
        public override Errno Resume(Kernel k, Lwp td, Errno sleepError)
        {
            td.Retval0 = 0;
            if (sleepError == Errno.EAGAIN) return Errno.OK;
            if (sleepError != Errno.OK) return Errno.EINTR;
            if (fp.RefCount == 0) return Errno.EBADF;
            return k.KqueueScan(td, fp, kq, eventlist, nevents, timo, deadline);
        }
    }
}
