using Kfork.Kern;
using Kfork.Sys;
using static Kfork.Sys.RforkFlags;

namespace Kfork.Tests.Kern;

/// <summary>
/// fork1's pid allocation (002_…:303-373), one test per rule of the seed, each run against both
/// allocators: the seed's scan (<see cref="ScanPidAllocator"/>) and the bitmap
/// (<see cref="BitmapPidAllocator"/>). PidAllocDifferentialTests checks they agree everywhere.
/// </summary>
public class PidAllocTests : KernelTestBase
{
    public static TheoryData<PidAllocatorKind> Kinds => new(PidAllocatorKind.Fast, PidAllocatorKind.Reference);

    /// <summary>Fork a child of init and let it exit (init reaps it) until lastpid reaches <paramref name="last"/>.</summary>
    private static void BurnTo(Kernel k, int last)
    {
        var init = k.InitProc.MainLwp;
        while (k.PidAllocator.LastPid < last)
        {
            Assert.Equal(Errno.OK, k.SysFork(init));
            k.SysExit(k.Pfind((int)init.Retval0)!.MainLwp, 0);
        }
        Assert.Equal(last, k.PidAllocator.LastPid);
    }

    private static Proc Fork(Kernel k, Proc parent) => ForkOk(k, parent.MainLwp);

    // 002_…:311, 373: trypid = lastpid + 1, and lastpid becomes the pid given out.
    [Theory, MemberData(nameof(Kinds))]
    public void Pids_are_given_out_sequentially_from_lastpid_plus_one(PidAllocatorKind kind)
    {
        var k = PidKernels.Boot(kind);
        var td = UserProc(k);
        for (int i = 0; i < 5; i++)
        {
            int last = k.PidAllocator.LastPid;
            var child = ForkOk(k, td);
            Assert.Equal(last + 1, child.Pid);
            Assert.Equal(Errno.OK, k.SysctlRead("kern.lastpid", out var lastpid));
            Assert.Equal(child.Pid.ToString(), lastpid);
        }
    }

    // 002_…:344-346: an id is in use while a live process has it as pgid or sid, even after the
    // process that had it as its pid is gone; 002_…:326-329 brings the candidate back over them.
    [Theory, MemberData(nameof(Kinds))]
    public void Ids_held_as_pgid_or_sid_by_live_processes_are_skipped(PidAllocatorKind kind)
    {
        var k = PidKernels.Boot(kind, pidMax: 300);
        BurnTo(k, 99);
        var a = Fork(k, k.InitProc);                      // 100: session and group leader
        Assert.Equal(100, a.Pid);
        Assert.Equal(Errno.OK, k.SetSid(a.MainLwp));
        var b = Fork(k, a);                               // 101: in session 100, group 100
        var c = Fork(k, b);                               // 102: leads group 102
        Assert.Equal(Errno.OK, k.SysSetpgid(c.MainLwp, 0, 0));
        var d = Fork(k, c);                               // 103: in group 102
        k.SysExit(a.MainLwp, 0);                             // init reaps a: 100 lives on as b's sid and pgid
        k.SysExit(c.MainLwp, 0);
        Assert.Equal(Errno.OK, k.SysWait4(b.MainLwp, c.Pid, 0, Wait.WNOHANG)); // 102 lives on as d's pgid
        Assert.Null(k.Pfind(100));
        Assert.Null(k.Pfind(102));
        Check(k);
        BurnTo(k, 299);
        var next = Fork(k, k.InitProc);                   // wraps to 100: 100..103 are taken
        Assert.Equal(104, next.Pid);
        Assert.Equal(104, k.PidAllocator.LastPid);
        Assert.Equal((100, 100, 102), (b.Session.Id, b.Pgrp.Id, d.Pgrp.Id));
    }

    // 002_…:360-364: zombproc is scanned too: a zombie's pid, pgid and sid stay in use until it is reaped.
    [Theory, MemberData(nameof(Kinds))]
    public void Ids_held_by_zombies_are_skipped_until_reaped(PidAllocatorKind kind)
    {
        var k = PidKernels.Boot(kind, pidMax: 300);
        BurnTo(k, 99);
        var parent = Fork(k, k.InitProc);                 // 100
        var z1 = Fork(k, parent);                         // 101: a plain zombie
        var z2 = Fork(k, parent);                         // 102: a zombie session leader
        Assert.Equal(Errno.OK, k.SetSid(z2.MainLwp));
        k.SysExit(z1.MainLwp, 0);
        k.SysExit(z2.MainLwp, 0);
        Assert.Equal(2, k.ZombProc.Count());
        BurnTo(k, 299);
        Assert.Equal(103, Fork(k, k.InitProc).Pid);
        // Reaped, the zombies' ids are free again on the next lap.
        Assert.Equal(Errno.OK, k.SysWait4(parent.MainLwp, -1, 0, Wait.WNOHANG));
        Assert.Equal(Errno.OK, k.SysWait4(parent.MainLwp, -1, 0, Wait.WNOHANG));
        BurnTo(k, 299);
        Assert.Equal(101, Fork(k, k.InitProc).Pid);
        Check(k);
    }

    // 002_…:326-330: at PID_MAX the candidate wraps to PID_MAX % PID_MAX + 100 = 100.
    [Theory, MemberData(nameof(Kinds))]
    public void Allocation_wraps_at_PID_MAX_to_100(PidAllocatorKind kind)
    {
        var k = PidKernels.Boot(kind, pidMax: 300);
        BurnTo(k, 298);
        Assert.Equal(299, Fork(k, k.InitProc).Pid);
        Assert.Equal(100, Fork(k, k.InitProc).Pid);
        Assert.Equal(101, Fork(k, k.InitProc).Pid);
        Check(k);
    }

    // 002_…:318, 326-329: a start value already past PID_MAX (lastpid + 1 + random offset) wraps
    // to itself % PID_MAX, plus 100 only when that is below 100. Driven through the allocators
    // directly to choose the offsets.
    [Theory, MemberData(nameof(Kinds))]
    public void A_start_value_past_PID_MAX_wraps_modulo_PID_MAX(PidAllocatorKind kind)
    {
        var m = new PidModel(300, kind);
        var a = m.Allocators[0];
        a.Restore(new PidCursor(250, 0));
        Assert.Equal(Errno.OK, m.Allocate(false, 60, out int pid));   // 311 -> 11 -> 111
        Assert.Equal(111, pid);
        a.Restore(new PidCursor(290, 0));
        Assert.Equal(Errno.OK, m.Allocate(false, 150, out pid));      // 441 -> 141
        Assert.Equal(141, pid);
        Assert.Equal(141, m.LastPid);
        a.Restore(new PidCursor(299, 0));
        Assert.Equal(Errno.OK, m.Allocate(false, 0, out pid));        // 300 -> 0 -> 100
        Assert.Equal(100, pid);
    }

    // 002_…:312-315, 370-373: RFHIGHPID starts at 10 at least and leaves lastpid where it was,
    // so the next ordinary fork steps over the id it took.
    [Theory, MemberData(nameof(Kinds))]
    public void RFHIGHPID_gives_at_least_10_and_does_not_move_lastpid(PidAllocatorKind kind)
    {
        var k = PidKernels.Boot(kind);
        var init = k.InitProc.MainLwp;
        Assert.Equal(1, k.PidAllocator.LastPid);
        Assert.Equal(Errno.OK, k.Fork1(init, RFFDG | RFPROC | RFHIGHPID, out var high));
        Assert.Equal(10, high!.Pid);
        Assert.Equal(1, k.PidAllocator.LastPid);
        Assert.Equal(2, Fork(k, k.InitProc).Pid);
        BurnTo(k, 20);
        Assert.Equal(Errno.OK, k.Fork1(init, RFFDG | RFPROC | RFHIGHPID, out high));
        Assert.Equal(21, high!.Pid);
        Assert.Equal(20, k.PidAllocator.LastPid);
        Assert.Equal(22, Fork(k, k.InitProc).Pid);
        Check(k);
    }

    // 002_…:184-189: out of range -> PID_MAX - 100; 0 and 1 -> 0 (off); below 100 -> 100.
    [Theory, MemberData(nameof(Kinds))]
    public void Randompid_sysctl_clamps_as_the_seed_does(PidAllocatorKind kind)
    {
        var k = PidKernels.Boot(kind);
        int max = k.Profile.PidMax;
        foreach (var (write, read) in new (long, int)[]
                 {
                     (-1, max - 100), (max - 99, max - 100), (max - 100, max - 100), (int.MaxValue + 1L, max - 100),
                     (0, 0), (1, 0), (2, 100), (99, 100), (100, 100), (5000, 5000),
                 })
        {
            Assert.Equal(Errno.OK, k.SysctlWrite(null, "kern.randompid", write.ToString()));
            Assert.Equal(Errno.OK, k.SysctlRead("kern.randompid", out var value));
            Assert.Equal(read.ToString(), value);
        }
    }

    // 002_…:317-318: with randompid set, each pid is lastpid + 1 + arc4random() % randompid;
    // set back to 0, allocation is sequential again.
    [Theory, MemberData(nameof(Kinds))]
    public void Randompid_adds_a_random_gap_and_zero_turns_it_off(PidAllocatorKind kind)
    {
        var k = PidKernels.Boot(kind);
        var td = UserProc(k);
        Assert.Equal(Errno.OK, k.SysctlWrite(null, "kern.randompid", "1000"));
        bool gap = false;
        for (int i = 0; i < 50; i++)
        {
            int last = k.PidAllocator.LastPid;
            int pid = ForkOk(k, td).Pid;
            Assert.InRange(pid, last + 1, last + 1000);
            Assert.Equal(pid, k.PidAllocator.LastPid);
            gap |= pid > last + 1;
        }
        Assert.True(gap);
        Assert.Equal(Errno.OK, k.SysctlWrite(null, "kern.randompid", "0"));
        int before = k.PidAllocator.LastPid;
        Assert.Equal(before + 1, ForkOk(k, td).Pid);
    }

    // DIVERGENCE (002_…:320-365 retries forever): with every id from 100 to PID_MAX-1 in use the
    // fork fails with EAGAIN and leaves nothing behind; freeing an id makes the next fork work.
    [Theory, MemberData(nameof(Kinds))]
    public void No_free_pid_fails_fork_with_EAGAIN_and_leaves_no_trace(PidAllocatorKind kind)
    {
        var k = PidKernels.Boot(kind, pidMax: 200);
        var init = k.InitProc;
        // Each round leaves one process holding two ids: its pid, and its dead parent's id as its sid and pgid.
        Proc? survivor = null;
        while (k.SysFork(init.MainLwp) == Errno.OK)
        {
            var leader = k.Pfind((int)init.MainLwp.Retval0)!;
            Assert.Equal(Errno.OK, k.SetSid(leader.MainLwp));
            if (k.SysFork(leader.MainLwp) != Errno.OK) break;
            survivor = k.Pfind((int)leader.MainLwp.Retval0)!;
            k.SysExit(leader.MainLwp, 0);
        }
        Check(k);
        string before = string.Join(",", k.NProcs, k.PidAllocator.LastPid, init.Ucred.RuidInfo.ProcCount,
            k.AllProc.Count(), Kernel.Children(init).Count(), init.Holds, k.Cnt.Forks);
        Assert.Equal(Errno.EAGAIN, k.SysFork(init.MainLwp));
        Assert.Equal(Errno.EAGAIN, k.Fork1(init.MainLwp, RFFDG | RFPROC | RFHIGHPID, out var none));
        Assert.Null(none);
        Assert.Equal(before, string.Join(",", k.NProcs, k.PidAllocator.LastPid, init.Ucred.RuidInfo.ProcCount,
            k.AllProc.Count(), Kernel.Children(init).Count(), init.Holds, k.Cnt.Forks));
        Check(k);
        // The survivor exits: its pid and its session's id are free again.
        int freed = survivor!.Pid;
        k.SysExit(survivor.MainLwp, 0);
        Assert.Equal(Errno.OK, k.SysFork(init.MainLwp));
        Assert.True((int)init.MainLwp.Retval0 == freed || (int)init.MainLwp.Retval0 == survivor.Session.Id);
        Check(k);
    }

    // A failed fork restores the cursor (Fork.cs Abort): the next fork gets the same pid.
    [Theory, MemberData(nameof(Kinds))]
    public void A_fork_that_fails_after_choosing_its_pid_gives_it_back(PidAllocatorKind kind)
    {
        var k = PidKernels.Boot(kind);
        var td = UserProc(k);
        int last = k.PidAllocator.LastPid;
        k.Faults.Arm(FaultPoint.VmFork);
        Assert.Equal(Errno.ENOMEM, k.SysFork(td));
        Assert.Equal(last, k.PidAllocator.LastPid);
        Assert.Equal(last + 1, ForkOk(k, td).Pid);
    }

    [Fact]
    public void The_bitmap_allocator_is_the_default_and_kern_pid_allocator_selects_at_boot()
    {
        Assert.IsType<BitmapPidAllocator>(new Kernel().PidAllocator);
        Assert.IsType<ScanPidAllocator>(PidKernels.Boot(PidAllocatorKind.Reference).PidAllocator);
        var scan = PidKernels.Boot(PidAllocatorKind.Fast, tunables: (Kernel.PidAllocatorTunable, "scan"));
        Assert.IsType<ScanPidAllocator>(scan.PidAllocator);
        Assert.Equal(Errno.OK, scan.SysctlRead("kern.pid_allocator", out var name));
        Assert.Equal("scan", name);
        var bitmap = PidKernels.Boot(PidAllocatorKind.Reference, tunables: (Kernel.PidAllocatorTunable, "BITMAP"));
        Assert.IsType<BitmapPidAllocator>(bitmap.PidAllocator);
        Assert.Equal(PidAllocatorKind.Fast, bitmap.PidAllocatorKind);
        Assert.Throws<KernelConfigException>(() => PidKernels.Boot(PidAllocatorKind.Fast, tunables: (Kernel.PidAllocatorTunable, "hash")));
        Assert.Equal(Errno.EPERM, bitmap.SysctlWrite(null, "kern.pid_allocator", "1"));
    }

    [Fact]
    public void Free_id_set_finds_the_lowest_member_at_or_above_across_levels()
    {
        const int n = 999_999;
        var set = new FreeIdSet(n);
        Assert.Equal(4, set.Depth);
        for (int id = 0; id < n; id++) if (id % 100_000 != 7 && id != 999_998) set.Remove(id);
        Assert.Equal(7, set.NextAtOrAbove(0));
        Assert.Equal(7, set.NextAtOrAbove(7));
        Assert.Equal(100_007, set.NextAtOrAbove(8));
        Assert.Equal(900_007, set.NextAtOrAbove(800_008));
        Assert.Equal(999_998, set.NextAtOrAbove(900_008));
        Assert.Equal(-1, set.NextAtOrAbove(999_999));
        set.Remove(999_998);
        Assert.Equal(-1, set.NextAtOrAbove(900_008));
        set.Add(262_144);
        Assert.Equal(262_144, set.NextAtOrAbove(200_008));
        Assert.True(set.Contains(262_144));
        Assert.False(set.Contains(262_145));
    }

    // Use counts in three tiers (free bit, implicit 1, shared count): every transition both ways.
    [Fact]
    public void Use_counts_move_between_free_single_and_shared()
    {
        var a = new BitmapPidAllocator(1000);
        Assert.True(a.IsFree(500));
        a.Reference(500, 1);
        Assert.Equal(1, a.UseCount(500));
        a.Reference(500, 1);
        Assert.Equal(2, a.UseCount(500));
        for (int i = 0; i < 70_000; i++) a.Reference(500, 1);
        Assert.Equal(70_002, a.UseCount(500));
        for (int i = 0; i < 70_001; i++) a.Release(500, 1);
        Assert.Equal(1, a.UseCount(500));
        Assert.False(a.IsFree(500));
        a.Release(500, 1);
        Assert.True(a.IsFree(500));
        a.Reference(7, 3);                 // proc0's id at boot
        Assert.Equal(3, a.UseCount(7));
        a.Release(7, 2);
        Assert.Equal(1, a.UseCount(7));
        a.Reference(7, 2);
        a.Release(7, 3);
        Assert.True(a.IsFree(7));
        Assert.Equal(0, a.TotalUses);
        Assert.Throws<PanicException>(() => a.Release(500, 1));
    }
}
