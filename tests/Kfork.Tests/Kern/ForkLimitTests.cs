using Kfork.Kern;
using Kfork.Sys;

namespace Kfork.Tests.Kern;

/// <summary>fork1's limits: maxproc with the non-root reserve, RLIMIT_NPROC through chgproccnt, and how a refusal is reported.</summary>
public class ForkLimitTests : KernelTestBase
{
    /// <summary>Fork from <paramref name="td"/> until refused; returns how many succeeded and the refusal.</summary>
    private static (int Forked, Errno Refusal) ForkUntilRefused(Kernel k, Lwp td)
    {
        for (int n = 0; ; n++)
        {
            var e = k.SysFork(td);
            if (e != Errno.OK) return (n, e);
        }
    }

    // 002_…:262 keeps 1 slot from non-root users, 001_…:323 keeps 10; root stops at maxproc.
    [Theory]
    [InlineData("freebsd", 1)]
    [InlineData("dragonfly", 10)]
    [InlineData("dragonfly-1.74", 10)]
    public void Non_root_may_not_take_the_reserved_slots(string profile, int reserve)
    {
        var k = Boot(profile, ("kern.maxproc", "60"), ("kern.maxprocperuid", "60"));
        var user = UserProc(k, uid: 1001);
        k.SetRlimit(user, (int)RlimitKind.Nproc, new Rlimit(1000, 1000));
        var (_, refusal) = ForkUntilRefused(k, user);
        Assert.NotEqual(Errno.OK, refusal);
        Assert.Equal(60 - reserve, k.NProcs);
        var root = k.InitProc.MainLwp;
        ForkUntilRefused(k, root);
        k.RunUntilIdle();
        Assert.Equal(60, k.NProcs);
        Check(k);
    }

    // 002_…:263: tablefull("proc"), no sleep; an RLIMIT_NPROC refusal is silent (002_…:278-284).
    [Fact]
    public void FreeBSD_reports_a_full_table_and_fails_at_once()
    {
        var k = Boot("freebsd", ("kern.maxproc", "20"));
        var td = UserProc(k, uid: 0);
        var (_, refusal) = ForkUntilRefused(k, td);
        Assert.Equal(Errno.EAGAIN, refusal);
        Assert.Contains("proc: table is full", k.ConsoleLog);
        Assert.Equal(0, k.Ticks);
    }

    [Fact]
    public void FreeBSD_rlimit_refusal_is_silent()
    {
        var k = Boot("freebsd");
        var td = UserProc(k);
        Assert.Equal(Errno.OK, k.SetRlimit(td, (int)RlimitKind.Nproc, new Rlimit(3, 3)));
        var (forked, refusal) = ForkUntilRefused(k, td);
        Assert.Equal((2, Errno.EAGAIN), (forked, refusal));
        Assert.Empty(k.ConsoleLog);
        Check(k);
    }

    // 001_…:324-329, 348-352: a rate-limited message and tsleep(hz/2), then EAGAIN.
    [Theory, MemberData(nameof(DragonFlyProfiles))]
    public void DragonFly_sleeps_half_a_second_then_fails(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.OK, k.SetRlimit(td, (int)RlimitKind.Nproc, new Rlimit(1, 1)));
        Assert.Equal(Errno.EJUSTRETURN, k.SysFork(td));
        Assert.Equal("fork", td.WMesg);
        Check(k);
        k.RunUntilIdle();
        Assert.Equal(Errno.EAGAIN, td.CompletedError);
        Assert.Equal(k.Profile.Hz / 2, k.Ticks);
        Assert.Equal("maxproc limit exceeded by uid 1001, please see tuning(7) and login.conf(5).", Assert.Single(k.ConsoleLog));
    }

    // ppsratecheck(&lastfail, &curfail, 1): one message per second however many refusals.
    [Fact]
    public void DragonFly_message_is_rate_limited_to_one_per_second()
    {
        var k = Boot("dragonfly");
        var a = UserProc(k);
        var b = UserProc(k);
        k.SetRlimit(a, (int)RlimitKind.Nproc, new Rlimit(1, 1));
        k.SetRlimit(b, (int)RlimitKind.Nproc, new Rlimit(1, 1));
        Assert.Equal(Errno.EJUSTRETURN, k.SysFork(a));
        Assert.Equal(Errno.EJUSTRETURN, k.SysFork(b));
        Assert.Single(k.ConsoleLog);
        k.RunUntilIdle();
        k.RunUntilIdle();
        Assert.Equal(Errno.EJUSTRETURN, k.SysFork(a));
        k.RunUntilIdle();
        Assert.Equal(Errno.EJUSTRETURN, k.SysFork(a));
        k.RunUntilIdle();
        Assert.Equal(2, k.ConsoleLog.Count);
    }

    // chgproccnt is called with max 0 for root (002_…:276-277): no per-uid bound.
    [Theory, MemberData(nameof(AllProfiles))]
    public void Root_is_not_bound_by_RLIMIT_NPROC(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k, uid: 0);
        Assert.Equal(Errno.OK, k.SetRlimit(td, (int)RlimitKind.Nproc, new Rlimit(1, 1)));
        for (int i = 0; i < 5; i++) ForkOk(k, td);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Reaping_returns_the_slot_and_the_uid_count(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        k.SetRlimit(td, (int)RlimitKind.Nproc, new Rlimit(2, 2));
        var child = ForkOk(k, td);
        Assert.NotEqual(Errno.OK, k.SysFork(td));
        k.RunUntilIdle();
        k.SysExit(child.MainLwp, 0);
        Assert.Equal(2, td.Proc.Ucred.RuidInfo.ProcCount);
        Assert.Equal(Errno.OK, k.SysWait4(td, child.Pid, 0, 0));
        Assert.Equal(1, td.Proc.Ucred.RuidInfo.ProcCount);
        ForkOk(k, td);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Setrlimit_rules(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.EINVAL, k.SetRlimit(td, 99, new Rlimit(1, 1)));
        Assert.Equal(Errno.EINVAL, k.SetRlimit(td, (int)RlimitKind.Nofile, new Rlimit(-1, 5)));
        Assert.Equal(Errno.OK, k.SetRlimit(td, (int)RlimitKind.Nofile, new Rlimit(10, 20)));
        Assert.Equal(Errno.EPERM, k.SetRlimit(td, (int)RlimitKind.Nofile, new Rlimit(10, 30)));
        Assert.Equal(Errno.EPERM, k.SetRlimit(td, (int)RlimitKind.Nofile, new Rlimit(30, 20)));
        Assert.Equal(Errno.OK, k.SetRlimit(td, (int)RlimitKind.Nofile, new Rlimit(15, 12)));
        Assert.Equal(Errno.OK, k.GetRlimit(td, (int)RlimitKind.Nofile, out var l));
        Assert.Equal(new Rlimit(12, 12), l); // dosetrlimit lowers the soft limit to the hard one
        Assert.Equal(Errno.EINVAL, k.GetRlimit(td, -1, out _));
    }
}
