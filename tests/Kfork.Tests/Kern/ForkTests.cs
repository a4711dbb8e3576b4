using Kfork.Kern;
using Kfork.Sys;
using static Kfork.Sys.RforkFlags;

namespace Kfork.Tests.Kern;

/// <summary>kern_fork.c: fork, vfork, rfork and fork1's common paths, under every profile.</summary>
public class ForkTests : KernelTestBase
{
    [Theory, MemberData(nameof(AllProfiles))]
    public void Fork_returns_child_pid_and_links_child_to_parent(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.OK, k.SysFork(td));
        Assert.Equal(0, td.Retval1);
        var child = k.Pfind((int)td.Retval0)!;
        Assert.Same(td.Proc, child.Parent);
        Assert.Same(child, td.Proc.FirstChild);
        Assert.Equal(ProcStat.SACTIVE, child.Stat);
        Assert.Equal(0, child.MainLwp.Tid);
        Check(k);
    }

    // 002_…:498 and 001_…:495: LIST_INSERT_AFTER(p1, p2, p_pglist).
    [Theory, MemberData(nameof(AllProfiles))]
    public void Child_joins_parents_group_right_after_parent(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var first = ForkOk(k, td);
        var second = ForkOk(k, td);
        var order = Kernel.Members(td.Proc.Pgrp).Select(p => p.Pid).ToArray();
        Assert.Equal(new[] { td.Proc.Pid, second.Pid, first.Pid }, order);
    }

    // 002_…:213, 001_…:249: can't copy and clear.
    [Theory, MemberData(nameof(AllProfiles))]
    public void Rfork_with_RFFDG_and_RFCFDG_is_EINVAL(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        int before = k.NProcs;
        Assert.Equal(Errno.EINVAL, k.SysRfork(td, RFPROC | RFFDG | RFCFDG));
        Assert.Equal(Errno.EINVAL, k.SysRfork(td, RFFDG | RFCFDG));
        Assert.Equal(before, k.NProcs);
        Check(k);
    }

    // 001_…:169-170: DragonFly refuses RFKERNELONLY from user space.
    [Theory, MemberData(nameof(DragonFlyProfiles))]
    public void DragonFly_rfork_rejects_kernel_only_flags(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.EINVAL, k.SysRfork(td, RFPROC | RFFDG | RFPPWAIT));
        Assert.Equal(Errno.EINVAL, k.SysRfork(td, RFPROC | RFFDG | RFPGLOCK));
        Assert.Null(td.Proc.FirstChild);
    }

    // 002_…:150-151: FreeBSD masks RFKERNELONLY off: RFSTOPPED and RFHIGHPID have no effect from user space.
    [Fact]
    public void FreeBSD_rfork_masks_kernel_only_flags()
    {
        var k = Boot("freebsd");
        var td = UserProc(k);
        int last = k.PidAllocator.LastPid;
        Assert.Equal(Errno.OK, k.SysRfork(td, RFPROC | RFFDG | RFSTOPPED | RFHIGHPID | RFPPWAIT));
        var child = k.Pfind((int)td.Retval0)!;
        Assert.Equal(ProcStat.SACTIVE, child.Stat);
        Assert.Equal(last + 1, child.Pid);
        Assert.Equal(0, (int)(child.Flag & ProcFlags.P_PPWAIT));
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Rfork_without_RFPROC_returns_zero_and_changes_the_caller(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var shared = k.SysRfork(td, RFPROC); // child shares the table (no RFFDG)
        Assert.Equal(Errno.OK, shared);
        Assert.Equal(2, td.Proc.Fd.RefCount);
        Assert.Equal(Errno.OK, k.SysRfork(td, RFFDG));
        Assert.Equal(0, td.Retval0);
        Assert.Equal(1, td.Proc.Fd.RefCount);
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Rfork_RFCFDG_without_RFPROC_gives_the_caller_an_empty_table(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        td.Proc.Fd.Files = [new OpenFile { Kind = "console", Name = "/dev/console" }];
        td.Proc.Fd.FileFlags = [0];
        var file = td.Proc.Fd.Files[0]!;
        Assert.Equal(Errno.OK, k.SysRfork(td, RFCFDG));
        Assert.Equal(0, td.Proc.Fd.OpenCount);
        Assert.Equal(0, file.RefCount);
        Check(k);
    }

    // 001_…:264-267, 000_…:243: not with several LWPs.
    [Theory, MemberData(nameof(DragonFlyProfiles))]
    public void DragonFly_rfork_without_RFPROC_refuses_multithreaded_callers(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.OK, k.SysLwpCreate(td, new LwpParams(0x1000, 0, 0x2000, 0, 0)));
        Assert.Equal(Errno.EINVAL, k.SysRfork(td, RFFDG));
        Check(k);
    }

    [Fact]
    public void FreeBSD_has_no_single_lwp_rule_and_no_lwp_create()
    {
        var k = Boot("freebsd");
        var td = UserProc(k);
        Assert.Equal(Errno.ENOSYS, k.SysLwpCreate(td, new LwpParams(0x1000, 0, 0x2000, 0, 0)));
        Assert.Equal(Errno.OK, k.SysRfork(td, RFFDG));
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Vfork_parent_sleeps_until_child_exits(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.EJUSTRETURN, k.SysVfork(td));
        Assert.Equal("ppwait", td.WMesg);
        var child = td.Proc.FirstChild!;
        Assert.Same(td.Proc.Vmspace, child.Vmspace);
        Assert.Equal(2, td.Proc.Vmspace.RefCount);
        Check(k);
        k.SysExit(child.MainLwp, 3);
        k.RunUntilIdle();
        Assert.Equal(Errno.OK, td.CompletedError);
        Assert.Equal(child.Pid, td.Retval0);
        Assert.Equal(1, td.Proc.Vmspace.RefCount);
        Check(k);
    }

    // 000_…:505-516 compares without RFPGLOCK: every fork and vfork is counted as an rfork there.
    [Theory]
    [InlineData("freebsd", 1, 1, 0)]
    [InlineData("dragonfly", 1, 1, 0)]
    [InlineData("dragonfly-1.74", 0, 0, 2)]
    public void Fork_counters_follow_each_seeds_comparison(string profile, long forks, long vforks, long rforks)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var c0 = (k.Cnt.Forks, k.Cnt.Vforks, k.Cnt.Rforks);
        ForkOk(k, td);
        Assert.Equal(Errno.EJUSTRETURN, k.SysVfork(td));
        k.SysExit(td.Proc.FirstChild!.MainLwp, 0);
        k.RunUntilIdle();
        Assert.Equal(forks, k.Cnt.Forks - c0.Item1);
        Assert.Equal(vforks, k.Cnt.Vforks - c0.Item2);
        Assert.Equal(rforks, k.Cnt.Rforks - c0.Item3);
    }

    // Boot: init is forked from proc0. FreeBSD's RFSTOPPED makes it a kernel-thread count; DragonFly
    // 001 counts it as a fork; 000, comparing without RFPGLOCK, falls through to proc0's kthread case.
    [Theory]
    [InlineData("freebsd", 0, 1)]
    [InlineData("dragonfly", 1, 0)]
    [InlineData("dragonfly-1.74", 0, 1)]
    public void Init_is_counted_as_each_seed_counts_a_fork_from_proc0(string profile, long forks, long kthreads)
    {
        var k = Boot(profile);
        Assert.Equal(forks, k.Cnt.Forks);
        Assert.Equal(kthreads, k.Cnt.Kthreads);
        Assert.Equal(1, k.InitProc.Pid);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Kthread_create_is_counted_as_kernel_thread(string profile)
    {
        var k = Boot(profile);
        long before = k.Cnt.Kthreads;
        Assert.Equal(Errno.OK, k.KthreadCreate("pagedaemon", out var kt));
        Assert.Equal(before + 1, k.Cnt.Kthreads);
        Assert.True((kt!.Flag & ProcFlags.P_SYSTEM) != 0);
        Assert.Same(k.Proc0.Vmspace, kt.Vmspace);
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Sigacts_are_copied_or_shared_with_RFSIGSHARE(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var copy = ForkOk(k, td);
        Assert.Equal(Errno.OK, k.SysRfork(td, RFPROC | RFFDG | RFSIGSHARE));
        var sharer = k.Pfind((int)td.Retval0)!;
        Assert.Same(td.Proc.Sigacts, sharer.Sigacts);
        Assert.Equal(2, td.Proc.Sigacts.RefCount);
        var handler = new SigAction(0x4000, default, SaFlags.None);
        Assert.Equal(Errno.OK, k.SysSigaction(td, Sig.SIGUSR1, handler, out _));
        Assert.Equal(0x4000ul, sharer.Sigacts[Sig.SIGUSR1].Handler);
        Assert.Equal(SigAction.SIG_DFL, copy.Sigacts[Sig.SIGUSR1].Handler);
        Check(k);
    }

    // 002_…:453-456, 001_…:421-424.
    [Theory, MemberData(nameof(AllProfiles))]
    public void RFLINUXTHPN_child_exits_with_SIGUSR1_and_needs_WLINUXCLONE(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.OK, k.SysRfork(td, RFPROC | RFFDG | RFLINUXTHPN));
        var child = k.Pfind((int)td.Retval0)!;
        Assert.Equal(Sig.SIGUSR1, child.SigParent);
        Assert.Equal(Errno.OK, k.SysSigaction(td, Sig.SIGUSR1, new SigAction(SigAction.SIG_IGN, default, 0), out _));
        k.SysExit(child.MainLwp, 0);
        Assert.Equal(Errno.ECHILD, k.SysWait4(td, -1, 0, Wait.WNOHANG));
        Assert.Equal(Errno.OK, k.SysWait4(td, -1, 0, Wait.WLINUXCLONE));
        Assert.Equal(child.Pid, td.Retval0);
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void RFNOWAIT_child_belongs_to_init(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.OK, k.SysRfork(td, RFPROC | RFFDG | RFNOWAIT));
        var child = k.Pfind((int)td.Retval0)!;
        Assert.Same(k.InitProc, child.Parent);
        Assert.Null(td.Proc.FirstChild);
        k.SysExit(child.MainLwp, 0);
        Assert.Null(k.Zpfind(child.Pid)); // init reaped it
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void RFTHREAD_links_peers_to_the_leader(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.OK, k.SysRfork(td, RFPROC | RFTHREAD | RFMEM));
        var peer = k.Pfind((int)td.Retval0)!;
        Assert.Same(td.Proc, peer.Leader);
        Assert.Same(peer, td.Proc.Peers);
        Assert.Same(td.Proc.Fd, peer.Fd);
        Assert.Same(td.Proc.Vmspace, peer.Vmspace);
        Check(k);
    }

    // 001_…:444-467: RFTHREAD peers share the leader's filedesc_to_leader, other sharers get their own.
    [Theory, MemberData(nameof(DragonFlyProfiles))]
    public void DragonFly_tracks_leaders_of_a_shared_descriptor_table(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.OK, k.SysRfork(td, RFPROC | RFTHREAD));
        var peer = k.Pfind((int)td.Retval0)!;
        Assert.Same(td.Proc.FdToLeader, peer.FdToLeader);
        Assert.Equal(2, peer.FdToLeader!.RefCount);
        Assert.Equal(Errno.OK, k.SysRfork(td, RFPROC));
        var other = k.Pfind((int)td.Retval0)!;
        Assert.NotSame(td.Proc.FdToLeader, other.FdToLeader);
        Assert.Same(other, other.FdToLeader!.Leader);
        Assert.Same(other.FdToLeader, td.Proc.FdToLeader!.Next);
    }

    [Fact]
    public void FreeBSD_does_not_track_descriptor_table_leaders()
    {
        var k = Boot("freebsd");
        var td = UserProc(k);
        Assert.Equal(Errno.OK, k.SysRfork(td, RFPROC | RFTHREAD));
        Assert.Null(k.Pfind((int)td.Retval0)!.FdToLeader);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void RFFDG_copies_the_table_and_files_gain_references(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var f = new OpenFile { Kind = "console", Name = "/dev/console" };
        td.Proc.Fd.Files = [f, null, f];
        td.Proc.Fd.FileFlags = [0, 0, 0];
        f.RefCount = 2;
        var child = ForkOk(k, td);
        Assert.NotSame(td.Proc.Fd, child.Fd);
        Assert.Equal(4, f.RefCount);
        Assert.Same(f, child.Fd.Files[2]);
        k.SysExit(child.MainLwp, 0);
        Assert.Equal(2, f.RefCount);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Credentials_and_limits_are_shared_until_changed(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k, uid: 0);
        var child = ForkOk(k, td);
        Assert.Same(td.Proc.Ucred, child.Ucred);
        Assert.Same(td.Proc.Limit, child.Limit);
        Assert.Equal(Errno.OK, k.SetRlimit(child.MainLwp, (int)RlimitKind.Nofile, new Rlimit(64, 64)));
        Assert.NotSame(td.Proc.Limit, child.Limit);
        Assert.Equal(Errno.OK, k.SysSetuid(child.MainLwp, 42));
        Assert.NotSame(td.Proc.Ucred, child.Ucred);
        Assert.Equal(0, td.Proc.Ucred.Uid);
        Check(k);
    }

    // 002_…:492 copies P_SUGID|P_ALTSTACK; 001_…:475 copies P_SUGID only.
    [Theory]
    [InlineData("freebsd", true)]
    [InlineData("dragonfly", false)]
    [InlineData("dragonfly-1.74", false)]
    public void Inherited_process_flags_follow_the_profile(string profile, bool altstackInherited)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        td.Proc.Flag |= ProcFlags.P_ALTSTACK | ProcFlags.P_SUGID | ProcFlags.P_EXEC;
        var child = ForkOk(k, td);
        Assert.True((child.Flag & ProcFlags.P_SUGID) != 0);
        Assert.Equal(altstackInherited, (child.Flag & ProcFlags.P_ALTSTACK) != 0);
        Assert.True((child.Flag & ProcFlags.P_EXEC) == 0);
    }

    // 001_…:402-403.
    [Theory]
    [InlineData("freebsd", false)]
    [InlineData("dragonfly", true)]
    public void Jailed_credentials_mark_the_child_in_DragonFly(string profile, bool marked)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        td.Proc.Ucred.Jailed = true;
        var child = ForkOk(k, td);
        Assert.Equal(marked, (child.Flag & ProcFlags.P_JAILED) != 0);
    }

    // 002_…:532-541, 001_…:525-528.
    [Theory, MemberData(nameof(AllProfiles))]
    public void Ktrace_is_inherited_only_with_KTRFAC_INHERIT(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var node = new KtraceNode { Name = "ktrace.out" };
        td.Proc.TraceNode = node;
        td.Proc.TraceFlag = Ktr.KTRFAC_SYSCALL;
        Assert.Null(ForkOk(k, td).TraceNode);
        td.Proc.TraceFlag |= Ktr.KTRFAC_INHERIT;
        var traced = ForkOk(k, td);
        Assert.Same(node, traced.TraceNode);
        Assert.Equal(2, node.RefCount);
    }

    // 002_…:585-589, 001_…:568-570; at_fork reports a duplicate under INVARIANTS (002_…:649-654).
    [Theory, MemberData(nameof(AllProfiles))]
    public void Fork_callouts_run_for_every_fork(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var seen = new List<(int, int, RforkFlags)>();
        ForkCallout callout = (p1, p2, flags) => seen.Add((p1.Pid, p2.Pid, flags));
        Assert.Equal(Errno.OK, k.AtFork(callout));
        Assert.Equal(Errno.OK, k.AtFork(callout));
        Assert.Contains(k.ConsoleLog, m => m.Contains("already present"));
        var child = ForkOk(k, td);
        Assert.Equal((td.Proc.Pid, child.Pid, k.Profile.ForkFlags), Assert.Single(seen));
        Assert.Equal(1, k.RmAtFork(callout));
        Assert.Equal(0, k.RmAtFork(callout));
        ForkOk(k, td);
        Assert.Single(seen);
    }

    // FreeBSD starts the child in fork1 unless RFSTOPPED (002_…:597-602); DragonFly leaves it in
    // SIDL, parent held, until start_forked_proc (001_…:537, 708-734).
    [Theory]
    [InlineData("freebsd", ProcStat.SACTIVE, 0)]
    [InlineData("dragonfly", ProcStat.SIDL, 1)]
    [InlineData("dragonfly-1.74", ProcStat.SIDL, 1)]
    public void Who_starts_the_child_follows_the_profile(string profile, ProcStat afterFork1, int parentHolds)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.OK, k.Fork1(td, RFFDG | RFPROC, out var child));
        Assert.Equal(afterFork1, child!.Stat);
        Assert.Equal(parentHolds, td.Proc.Holds);
        k.StartChild(td, child);
        Assert.Equal(ProcStat.SACTIVE, child.Stat);
        Assert.Equal(0, td.Proc.Holds);
        Check(k);
    }

    [Fact]
    public void FreeBSD_RFSTOPPED_from_the_kernel_leaves_the_child_in_SIDL()
    {
        var k = Boot("freebsd");
        var td = UserProc(k);
        Assert.Equal(Errno.OK, k.Fork1(td, RFFDG | RFPROC | RFSTOPPED, out var child));
        Assert.Equal(ProcStat.SIDL, child!.Stat);
        Assert.Equal(0, td.Proc.Holds);
        Check(k);
        k.StartChild(td, child);
        Assert.Equal(ProcStat.SACTIVE, child.Stat);
    }

    // 002_…:613, 001_…:582: KNOTE(&p1->p_klist, NOTE_FORK | pid), NOTE_TRACK follows the child.
    [Theory, MemberData(nameof(AllProfiles))]
    public void NOTE_FORK_and_NOTE_TRACK_report_the_child(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var q = new RecordingQueue();
        Assert.Equal(Errno.OK, k.KnoteAttachProc(td.Proc.Pid, Note.NOTE_FORK | Note.NOTE_EXIT | Note.NOTE_TRACK, 7, 0, q, out var kn));
        var child = ForkOk(k, td);
        Assert.Equal(Note.NOTE_FORK, kn!.FFlags & Note.NOTE_FORK);
        var childKn = q.Attached.Single(x => x.Ident == child.Pid);
        Assert.Equal(Note.NOTE_CHILD, childKn.FFlags);
        Assert.Equal(td.Proc.Pid, childKn.Data);
        k.SysExit(child.MainLwp, 5);
        Assert.Equal(Note.NOTE_EXIT, childKn.FFlags & Note.NOTE_EXIT);
        Assert.Equal(Wait.Exited(5), childKn.Data);
    }

    internal sealed class RecordingQueue : IKnoteQueue
    {
        public readonly List<Knote> Attached = [];
        public readonly List<Knote> Active = [];
        public void Activate(Knote kn) => Active.Add(kn);
        public void Attach(Knote kn) => Attached.Add(kn);
    }

    // 002_…:312-315, 370-373: RFHIGHPID allocates from 10 without moving lastpid; DragonFly has no such flag.
    [Theory]
    [InlineData("freebsd", true)]
    [InlineData("dragonfly", false)]
    public void RFHIGHPID_is_honoured_only_where_the_profile_has_it(string profile, bool honoured)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        int last = k.PidAllocator.LastPid;
        Assert.Equal(Errno.OK, k.Fork1(td, RFFDG | RFPROC | RFHIGHPID, out var child));
        k.StartChild(td, child!);
        Assert.Equal(honoured ? last : last + 1, k.PidAllocator.LastPid);
        Check(k);
    }
}
