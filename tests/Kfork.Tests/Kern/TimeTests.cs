using Kfork.Kern;
using Kfork.Sys;
using Kfork.Vm;

namespace Kfork.Tests.Kern;

/// <summary>kern_time.c on the virtual clock: nanosleep costs ticks, not wall time.</summary>
public class TimeTests : KernelTestBase
{
    [Theory, MemberData(nameof(AllProfiles))]
    public void Nanosleep_advances_the_virtual_clock(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.EINVAL, k.SysNanosleep(td, 0, 1_000_000_000));
        Assert.Equal(Errno.EJUSTRETURN, k.SysNanosleep(td, 1, 5));
        k.RunUntilIdle();
        Assert.Equal(Errno.OK, td.CompletedError);
        Assert.Equal(k.Profile.Hz + 1, k.Ticks); // rounded up to whole ticks
        Assert.Equal(Errno.OK, k.ClockGettime(Kernel.CLOCK_MONOTONIC, out long sec, out long nsec));
        Assert.Equal((1L, 10_000_000L), (sec, nsec));
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void A_caught_signal_ends_nanosleep_with_EINTR_and_the_time_left(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.OK, td.Proc.Vmspace.Map(0, 4096, Prot.Read | Prot.Write, MapFlags.Anon | MapFlags.Private, out ulong buf));
        Assert.Equal(Errno.OK, k.SysSigaction(td, Sig.SIGUSR1, new SigAction(0x4000, default, SaFlags.SA_RESTART), out _));
        var sender = ForkOk(k, k.InitProc.MainLwp).MainLwp;
        Assert.Equal(Errno.EJUSTRETURN, k.SysNanosleep(td, 10, 0, buf));
        Assert.Equal(Errno.OK, k.SysKill(sender, td.Proc.Pid, Sig.SIGUSR1));
        k.RunUntilIdle();
        Assert.Equal(Errno.EINTR, td.CompletedError); // nanosleep is never restarted, SA_RESTART or not
        Assert.Equal(Errno.OK, td.Proc.Vmspace.ReadU64(buf, out ulong leftSec));
        Assert.Equal(10ul, leftSec);
        Check(k);
    }
}
