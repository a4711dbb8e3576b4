using Kfork.Kern;
using Kfork.Profiles;
using Kfork.Sys;

namespace Kfork.Tests.Kern;

/// <summary>kern_sysctl.c and the OIDs the seeds declare.</summary>
public class SysctlTests : KernelTestBase
{
    [Theory]
    [InlineData("freebsd", "FreeBSD", true)]
    [InlineData("dragonfly", "DragonFly", false)]
    [InlineData("dragonfly-1.74", "DragonFly", false)]
    public void Names_every_profile_answers(string profile, string ostype, bool freebsdOnly)
    {
        var k = Boot(profile);
        Assert.Equal(Errno.OK, k.SysctlRead("kern.ostype", out var v));
        Assert.Equal(ostype, v);
        foreach (var name in new[] { "kern.osrelease", "kern.maxproc", "kern.maxprocperuid", "kern.lastpid",
                     "vm.stats.vm.v_forks", "vm.stats.vm.v_vforks", "vm.stats.vm.v_rforks", "vm.stats.vm.v_kthreads",
                     "vm.stats.vm.v_forkpages", "vm.stats.vm.v_vforkpages", "vm.stats.vm.v_rforkpages", "vm.stats.vm.v_kthreadpages" })
            Assert.Equal(Errno.OK, k.SysctlRead(name, out _));
        Assert.Equal(freebsdOnly ? Errno.OK : Errno.ENOENT, k.SysctlRead("kern.randompid", out _));
        Assert.Equal(freebsdOnly ? Errno.OK : Errno.ENOENT, k.SysctlRead("kern.fast_vfork", out _));
    }

    // 002_…:184-189.
    [Theory]
    [InlineData(-5, 99999 - 100)]
    [InlineData(1, 0)]
    [InlineData(50, 100)]
    [InlineData(1234, 1234)]
    [InlineData(200000, 99999 - 100)]
    public void Randompid_is_clamped_as_the_seed_does(int value, int expected)
    {
        var k = Boot("freebsd");
        Assert.Equal(Errno.OK, k.SysctlWrite(null, "kern.randompid", value.ToString()));
        Assert.Equal(expected, k.RandomPid);
    }

    [Fact]
    public void Read_only_and_boot_tunables_are_refused_at_run_time()
    {
        var k = Boot("freebsd", ("kern.maxproc", "100"));
        Assert.Equal(100, k.MaxProc);
        Assert.Equal(Errno.EPERM, k.SysctlWrite(null, "kern.maxproc", "200"));
        Assert.Equal(Errno.EPERM, k.SysctlWrite(null, "kern.lastpid", "5"));
        Assert.Equal(Errno.ENOENT, k.SysctlWrite(null, "kern.nope", "5"));
        Assert.Equal(Errno.EINVAL, k.SysctlWrite(null, "kern.randompid", "abc"));
        var user = UserProc(k);
        Assert.Equal(Errno.EPERM, k.SysctlWrite(user, "kern.randompid", "200"));
    }

    [Fact]
    public void Bad_tunables_stop_the_boot_with_a_clear_message()
    {
        var e = Assert.Throws<KernelConfigException>(() => Boot("freebsd", ("kern.lastpid", "3")));
        Assert.Contains("kern.lastpid", e.Message);
        Assert.Throws<KernelConfigException>(() => Boot("freebsd", ("kern.bogus", "3")));
        Assert.Throws<KernelConfigException>(() => Boot("freebsd", ("kern.maxproc", "x")));
    }

    [Fact]
    public void Profiles_list_every_seed()
    {
        Assert.Equal(new[] { "freebsd", "dragonfly", "dragonfly-1.74" }, Builtin.All.Select(p => p.Name));
        Assert.Null(Builtin.Find("linux"));
    }
}
