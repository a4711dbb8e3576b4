using Kfork.Kern;
using Kfork.Sys;
using static Kfork.Sys.RforkFlags;

namespace Kfork.Tests.Kern;

/// <summary>Every point where fork1 can fail leaves no trace: counts, reference counts, lists and lastpid as before.</summary>
public class ForkFaultTests : KernelTestBase
{
    public static TheoryData<string, FaultPoint, Errno> Cases()
    {
        var data = new TheoryData<string, FaultPoint, Errno>();
        foreach (var profile in new[] { "freebsd", "dragonfly", "dragonfly-1.74" })
        {
            data.Add(profile, FaultPoint.PidExhausted, Errno.EAGAIN);
            data.Add(profile, FaultPoint.ProcAlloc, Errno.ENOMEM);
            data.Add(profile, FaultPoint.SigactsAlloc, Errno.ENOMEM);
            data.Add(profile, FaultPoint.FiledescAlloc, Errno.ENOMEM);
            data.Add(profile, FaultPoint.VmFork, Errno.ENOMEM);
            data.Add(profile, FaultPoint.LwpAlloc, Errno.ENOMEM);
        }
        data.Add("freebsd", FaultPoint.MaxProc, Errno.EAGAIN);
        data.Add("freebsd", FaultPoint.UidProcLimit, Errno.EAGAIN);
        data.Add("dragonfly", FaultPoint.PgrpLockSignalRace, Errno.ERESTART);
        data.Add("dragonfly-1.74", FaultPoint.PgrpLockSignalRace, Errno.ERESTART);
        return data;
    }

    /// <summary>Everything a failed fork could have touched.</summary>
    private static string Snapshot(Kernel k, Proc p)
    {
        var f = p.Fd.Files.Length > 0 ? p.Fd.Files[0]?.RefCount : null;
        return string.Join(",", k.NProcs, p.Ucred.RuidInfo.ProcCount, p.Ucred.RefCount, p.Limit.RefCount,
            p.Sigacts.RefCount, p.Fd.RefCount, p.Vmspace.RefCount, f, k.PidAllocator.LastPid, p.Holds,
            Kernel.Children(p).Count(), p.Pgrp.MemberCount, p.Pgrp.Holds, k.AllProc.Count(),
            k.Cnt.Forks + k.Cnt.Rforks + k.Cnt.Vforks, p.Sigacts.RefCount);
    }

    [Theory, MemberData(nameof(Cases))]
    public void Failed_fork_leaves_no_trace(string profile, FaultPoint point, Errno expected)
    {
        var k = Boot(profile);
        var td = UserProc(k, uid: 0);
        var file = new OpenFile { Kind = "console", Name = "console" };
        td.Proc.Fd.Files = [file];
        td.Proc.Fd.FileFlags = [0];
        ForkOk(k, td); // a first child, so lists are not empty
        string before = Snapshot(k, td.Proc);
        k.Faults.Arm(point);
        Assert.Equal(expected, k.SysFork(td));
        Assert.Equal(before, Snapshot(k, td.Proc));
        Check(k);
        var child = ForkOk(k, td); // and the next fork works, with the pid the failed one would have had
        Assert.Equal(k.PidAllocator.LastPid, child.Pid);
    }

    // 001_…:201-206, 220-228: a failed tid copyout removes the new LWP again.
    [Theory, MemberData(nameof(DragonFlyProfiles))]
    public void Lwp_create_rolls_back_when_copyout_fails(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        k.Faults.Arm(FaultPoint.LwpCreateCopyout);
        Assert.Equal(Errno.EFAULT, k.SysLwpCreate(td, new LwpParams(0x1000, 0, 0x2000, 0x3000, 0)));
        Assert.Equal(1, td.Proc.NThreads);
        Assert.Equal(1, td.Proc.LastTid); // p_lasttid stays advanced, as in the seed
        Check(k);
        Assert.Equal(Errno.OK, k.SysLwpCreate(td, new LwpParams(0x1000, 0, 0x2000, 0, 0)));
        Assert.Equal(new[] { 0, 2 }, Kernel.Lwps(td.Proc).Select(l => l.Tid).ToArray());
    }

    // 001_…:198 plimit_lwp_fork makes the limits exclusive; 000 has no such call.
    [Theory]
    [InlineData("dragonfly", true)]
    [InlineData("dragonfly-1.74", false)]
    public void Lwp_create_and_exclusive_limits(string profile, bool exclusive)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var child = ForkOk(k, td);
        Assert.Same(td.Proc.Limit, child.Limit);
        Assert.Equal(Errno.OK, k.SysLwpCreate(td, new LwpParams(0x1000, 0, 0x2000, 0, 0)));
        Assert.Equal(exclusive, !ReferenceEquals(td.Proc.Limit, child.Limit));
        Assert.Equal(exclusive, td.Proc.Limit.Exclusive);
        var grandchild = ForkOk(k, td);
        Assert.Equal(exclusive, !ReferenceEquals(td.Proc.Limit, grandchild.Limit));
        Check(k);
    }

    // The fork of a multi-LWP process copies only the calling LWP (001_…:547).
    [Theory, MemberData(nameof(DragonFlyProfiles))]
    public void Fork_of_a_threaded_process_copies_only_the_caller(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        k.SysLwpCreate(td, new LwpParams(0x1000, 0, 0x2000, 0, 0));
        k.SysLwpCreate(td, new LwpParams(0x1000, 0, 0x2000, 0, 0));
        var second = Kernel.Lwps(td.Proc).Last();
        second.SigMask = Sigset.Of(Sig.SIGUSR2);
        Assert.Equal(Errno.OK, k.SysFork(second));
        var child = k.Pfind((int)second.Retval0)!;
        Assert.Equal(1, child.NThreads);
        Assert.Equal(0, child.MainLwp.Tid);
        Assert.True(child.MainLwp.SigMask.Has(Sig.SIGUSR2));
    }

    // 001_…:305-313: a signal already pending when RFPGLOCK takes the group lock restarts the call.
    [Theory]
    [InlineData("freebsd", Errno.OK)]
    [InlineData("dragonfly", Errno.ERESTART)]
    public void Pending_signal_during_fork_restarts_it_under_RFPGLOCK(string profile, Errno expected)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        td.Proc.SigList.Add(Sig.SIGUSR1); // posted, not yet delivered
        Assert.Equal(expected, k.SysFork(td));
        Assert.Equal(0, td.Proc.Pgrp.Holds);
    }
}
