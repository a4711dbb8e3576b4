using System.Buffers.Binary;
using Kfork.Kern;
using Kfork.Sys;

namespace Kfork.Tests.Kern;

/// <summary>kern_event.c: kqueue and kevent with EVFILT_PROC (filt_proc, kqueue_register, kqueue_scan).</summary>
public class KernEventTests : FileTestBase
{
    private const ulong ChangeOffset = 0x8000, EventOffset = 0x10000, TimeoutOffset = 0x18000;

    private static int KqueueOk(Kernel k, Lwp td)
    {
        Assert.Equal(Errno.OK, k.SysKqueue(td));
        return (int)td.Retval0;
    }

    /// <summary>kevent with the changes copied into the caller's memory; the timeout in ns (null: none).</summary>
    private static Errno Kevent(Kernel k, Lwp td, int kq, KEvent[] changes, int nevents, long? timeoutNs)
    {
        ulong s = Scratch(td);
        var raw = new byte[KEvent.Size];
        for (int i = 0; i < changes.Length; i++)
        {
            changes[i].Encode(raw);
            Assert.Equal(Errno.OK, td.Proc.Vmspace.CopyOut(raw, s + ChangeOffset + (ulong)(i * KEvent.Size)));
        }
        ulong ts = 0;
        if (timeoutNs is { } ns)
        {
            ts = s + TimeoutOffset;
            var b = new byte[16];
            BinaryPrimitives.WriteInt64LittleEndian(b, ns / 1_000_000_000);
            BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(8), ns % 1_000_000_000);
            Assert.Equal(Errno.OK, td.Proc.Vmspace.CopyOut(b, ts));
        }
        return k.SysKevent(td, kq, s + ChangeOffset, changes.Length, s + EventOffset, nevents, ts);
    }

    /// <summary>The events the last completed kevent returned (Retval0 of them).</summary>
    private static KEvent[] Events(Lwp td)
    {
        var result = new KEvent[td.Retval0];
        var raw = new byte[KEvent.Size];
        for (int i = 0; i < result.Length; i++)
        {
            Assert.Equal(Errno.OK, td.Proc.Vmspace.CopyIn(Scratch(td) + EventOffset + (ulong)(i * KEvent.Size), raw));
            result[i] = KEvent.Decode(raw);
        }
        return result;
    }

    private static KEvent Add(int pid, uint fflags, ushort flags = Kernel.EV_ADD) =>
        new((ulong)pid, KEvent.EVFILT_PROC, flags, fflags, 0, 0x1234);

    private static KEvent[] Poll(Kernel k, Lwp td, int kq, int n = 8)
    {
        Assert.Equal(Errno.OK, Kevent(k, td, kq, [], n, 0));
        return Events(td);
    }

    // filt_proc: NOTE_EXIT reports the wait status in data, with EV_EOF, once.
    [Theory, MemberData(nameof(AllProfiles))]
    public void NOTE_EXIT_reports_the_wait_status(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        int kq = KqueueOk(k, td);
        var child = ForkOk(k, td);
        Assert.Equal(Errno.OK, Kevent(k, td, kq, [Add(child.Pid, Note.NOTE_EXIT)], 0, null));
        Assert.Empty(Poll(k, td, kq));
        k.SysExit(child.MainLwp, 7);
        var ev = Assert.Single(Poll(k, td, kq));
        Assert.Equal((ulong)child.Pid, ev.Ident);
        Assert.Equal(KEvent.EVFILT_PROC, ev.Filter);
        Assert.Equal(Note.NOTE_EXIT, ev.FFlags);
        Assert.Equal(7 << 8, ev.Data);
        Assert.Equal(0x1234UL, ev.Udata);
        Assert.NotEqual(0, ev.Flags & Kernel.EV_EOF);
        Assert.Empty(Poll(k, td, kq));
        Assert.Equal(Errno.OK, k.SysWait4(td, child.Pid, 0, 0));
        Assert.Equal(7 << 8, td.WaitStatus);
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void NOTE_FORK_is_reported_for_the_watched_process(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        int kq = KqueueOk(k, td);
        var child = ForkOk(k, td);
        Assert.Equal(Errno.OK, Kevent(k, td, kq, [Add(child.Pid, Note.NOTE_FORK)], 0, null));
        ForkOk(k, child.MainLwp);
        var ev = Assert.Single(Poll(k, td, kq));
        Assert.Equal(Note.NOTE_FORK, ev.FFlags);
        Assert.Equal((ulong)child.Pid, ev.Ident);
        // EV_CLEAR (implied for proc knotes): reported once per fork.
        Assert.Empty(Poll(k, td, kq));
        Check(k);
    }

    // NOTE_TRACK: the child gets its own knote, reported as NOTE_CHILD with the parent's pid.
    [Theory, MemberData(nameof(AllProfiles))]
    public void NOTE_TRACK_follows_children_with_NOTE_CHILD(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        int kq = KqueueOk(k, td);
        var child = ForkOk(k, td);
        Assert.Equal(Errno.OK, Kevent(k, td, kq, [Add(child.Pid, Note.NOTE_FORK | Note.NOTE_TRACK | Note.NOTE_EXIT)], 0, null));
        var grandchild = ForkOk(k, child.MainLwp);
        var events = Poll(k, td, kq);
        Assert.Equal(2, events.Length);
        Assert.Contains(events, e => e.Ident == (ulong)child.Pid && e.FFlags == Note.NOTE_FORK);
        Assert.Contains(events, e => e.Ident == (ulong)grandchild.Pid && (e.FFlags & Note.NOTE_CHILD) != 0 && e.Data == child.Pid);
        k.SysExit(grandchild.MainLwp, 3);
        var exit = Assert.Single(Poll(k, td, kq));
        Assert.Equal((ulong)grandchild.Pid, exit.Ident);
        Assert.Equal(3 << 8, exit.Data);
        Check(k);
    }

    // kqueue_register errors: EV_ERROR entries while there is room, else the call's errno.
    [Theory, MemberData(nameof(AllProfiles))]
    public void Change_errors_are_EV_ERROR_entries_or_the_calls_errno(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        int kq = KqueueOk(k, td);
        var child = ForkOk(k, td);
        Assert.Equal(Errno.OK, Kevent(k, td, kq, [Add(99999, Note.NOTE_EXIT), Add(child.Pid, Note.NOTE_EXIT)], 4, 0));
        var ev = Assert.Single(Events(td));
        Assert.Equal(Kernel.EV_ERROR, ev.Flags);
        Assert.Equal((long)Errno.ESRCH, ev.Data);
        Assert.Equal(99999UL, ev.Ident);
        Assert.Equal(Errno.ESRCH, Kevent(k, td, kq, [Add(99999, Note.NOTE_EXIT)], 0, 0));
        Assert.Equal(Errno.ENOENT, Kevent(k, td, kq, [Add(99998, 0, Kernel.EV_DELETE)], 0, 0));
        Assert.Equal(Errno.EINVAL, Kevent(k, td, kq, [new KEvent(1, -1, Kernel.EV_ADD, 0, 0, 0)], 0, 0));
        Assert.Equal(Errno.EBADF, k.SysKevent(td, 77, 0, 0, 0, 0, 0));
        var (r, _) = PipeOk(k, td);
        Assert.Equal(Errno.EBADF, k.SysKevent(td, r, 0, 0, 0, 0, 0));
        Assert.Equal(Errno.EINVAL, k.SysKevent(td, kq, 0, -1, 0, 0, 0));
        Assert.Equal(Errno.EINVAL, Kevent(k, td, kq, [], 1, -5));
        // The good change went in: its exit is reported.
        k.SysExit(child.MainLwp, 1);
        Assert.Equal(Note.NOTE_EXIT, Assert.Single(Poll(k, td, kq)).FFlags);
        Check(k);
    }

    // kqueue_scan with a timeout: ceil(ns * hz / 1e9) ticks of the virtual clock, then 0 events.
    [Theory, MemberData(nameof(AllProfiles))]
    public void A_timeout_sleeps_on_the_virtual_clock(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        int kq = KqueueOk(k, td);
        long hz = k.Profile.Hz;
        long before = k.Ticks;
        Assert.Equal(Errno.EJUSTRETURN, Kevent(k, td, kq, [], 4, 50_000_000));
        Assert.Equal("kqread", td.WMesg);
        k.RunUntilIdle();
        Assert.Equal(Errno.OK, td.CompletedError);
        Assert.Equal(0, td.Retval0);
        Assert.Equal((50_000_000 * hz + 999_999_999) / 1_000_000_000, k.Ticks - before);
        Assert.Equal(Errno.EJUSTRETURN, Kevent(k, td, kq, [], 4, 1));
        k.RunUntilIdle();
        Assert.Equal(before + (50_000_000 * hz + 999_999_999) / 1_000_000_000 + 1, k.Ticks);
        Check(k);
    }

    // No timeout: sleep until an event; a caught signal gives EINTR (never restarted).
    [Theory, MemberData(nameof(AllProfiles))]
    public void Without_a_timeout_kevent_sleeps_until_an_event(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        int kq = KqueueOk(k, td);
        var child = ForkOk(k, td);
        Assert.Equal(Errno.EJUSTRETURN, Kevent(k, td, kq, [Add(child.Pid, Note.NOTE_EXIT)], 4, null));
        k.SysExit(child.MainLwp, 5);
        k.RunUntilIdle();
        Assert.Equal(Errno.OK, td.CompletedError);
        Assert.Equal(5 << 8, Assert.Single(Events(td)).Data);
        Assert.Equal(Errno.OK, k.SysSigaction(td, Sig.SIGUSR1, new SigAction(0x5000, default, SaFlags.SA_RESTART), out _));
        Assert.Equal(Errno.EJUSTRETURN, Kevent(k, td, kq, [], 4, null));
        Assert.Equal(Errno.OK, k.SysKill(td, td.Proc.Pid, Sig.SIGUSR1));
        k.RunUntilIdle();
        Assert.Equal(Errno.EINTR, td.CompletedError);
        Check(k);
    }

    // EV_ONESHOT: reported once, then deleted.
    [Theory, MemberData(nameof(AllProfiles))]
    public void EV_ONESHOT_knotes_go_after_one_event(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        int kq = KqueueOk(k, td);
        var kqueue = (Kqueue)td.Proc.Fd.Files[kq]!.Ops!;
        var child = ForkOk(k, td);
        Assert.Equal(Errno.OK, Kevent(k, td, kq, [Add(child.Pid, Note.NOTE_FORK, Kernel.EV_ADD | Kernel.EV_ONESHOT)], 0, null));
        ForkOk(k, child.MainLwp);
        Assert.NotEqual(0, Assert.Single(Poll(k, td, kq)).Flags & Kernel.EV_ONESHOT);
        Assert.Equal(0, kqueue.KnoteCount);
        Assert.Empty(child.Klist!);
        ForkOk(k, child.MainLwp);
        Assert.Empty(Poll(k, td, kq));
        Assert.Equal(Errno.ENOENT, Kevent(k, td, kq, [Add(child.Pid, 0, Kernel.EV_DELETE)], 0, 0));
        Check(k);
    }

    // EV_DISABLE holds activations back; EV_ENABLE releases them; EV_DELETE forgets.
    [Theory, MemberData(nameof(AllProfiles))]
    public void EV_DISABLE_EV_ENABLE_and_EV_DELETE(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        int kq = KqueueOk(k, td);
        var child = ForkOk(k, td);
        Assert.Equal(Errno.OK, Kevent(k, td, kq, [Add(child.Pid, Note.NOTE_FORK, Kernel.EV_ADD | Kernel.EV_DISABLE)], 0, null));
        ForkOk(k, child.MainLwp);
        Assert.Empty(Poll(k, td, kq));
        Assert.Equal(Errno.OK, Kevent(k, td, kq, [Add(child.Pid, 0, Kernel.EV_ENABLE)], 4, 0));
        Assert.Equal(Note.NOTE_FORK, Assert.Single(Events(td)).FFlags);
        Assert.Equal(Errno.OK, Kevent(k, td, kq, [Add(child.Pid, 0, Kernel.EV_DELETE)], 0, 0));
        ForkOk(k, child.MainLwp);
        Assert.Empty(Poll(k, td, kq));
        Assert.Empty(child.Klist!);
        Check(k);
    }

    // kqueue_close detaches the knotes; fdcopy does not pass a kqueue to a child.
    [Theory, MemberData(nameof(AllProfiles))]
    public void Closing_the_kqueue_detaches_its_knotes_and_fork_does_not_inherit_it(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        int kq = KqueueOk(k, td);
        var child = ForkOk(k, td);
        Assert.Null(child.Fd.Files.ElementAtOrDefault(kq));
        Assert.Equal(Errno.OK, Kevent(k, td, kq, [Add(child.Pid, Note.NOTE_EXIT | Note.NOTE_FORK)], 0, null));
        Assert.Single(child.Klist!);
        Assert.Equal(Errno.ENXIO, k.SysRead(td, kq, Data(td), 1));
        Assert.Equal(Errno.OK, k.SysClose(td, kq));
        Assert.Empty(child.Klist!);
        k.SysExit(child.MainLwp, 0);
        Check(k);
    }

    // The owner's exit closes its kqueue (fdfree), so its knotes leave the watched processes.
    [Theory, MemberData(nameof(AllProfiles))]
    public void The_owners_exit_detaches_its_knotes(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var watcher = ForkOk(k, td);
        var watched = ForkOk(k, td);
        int kq = KqueueOk(k, watcher.MainLwp);
        Assert.Equal(Errno.OK, Kevent(k, watcher.MainLwp, kq, [Add(watched.Pid, Note.NOTE_FORK | Note.NOTE_TRACK | Note.NOTE_EXIT)], 0, null));
        k.SysExit(watcher.MainLwp, 0);
        Assert.Empty(watched.Klist!);
        ForkOk(k, watched.MainLwp);
        k.SysExit(watched.MainLwp, 0);
        Check(k);
    }
}
