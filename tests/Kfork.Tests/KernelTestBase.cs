using Kfork.Kern;
using Kfork.Profiles;
using Kfork.Sys;

namespace Kfork.Tests;

/// <summary>Helpers shared by the kernel tests: boot a kernel of a profile, fork through the API, check invariants.</summary>
public abstract class KernelTestBase
{
    /// <summary>Every profile, for [Theory, MemberData(nameof(AllProfiles))].</summary>
    public static TheoryData<string> AllProfiles => new(Builtin.All.Select(p => p.Name));
    public static TheoryData<string> DragonFlyProfiles => new("dragonfly", "dragonfly-1.74");

    protected static Kernel Boot(string profile, params (string Name, string Value)[] tunables) =>
        new(new KernelOptions
        {
            Profile = Builtin.Find(profile)!,
            Tunables = tunables.ToDictionary(t => t.Name, t => t.Value),
        });

    /// <summary>A user process (uid <paramref name="uid"/>) forked from init, in its own session.</summary>
    protected static Lwp UserProc(Kernel k, int uid = 1001)
    {
        var child = ForkOk(k, k.InitProc.MainLwp);
        Assert.Equal(Errno.OK, k.SetSid(child.MainLwp));
        if (uid != 0) Assert.Equal(Errno.OK, k.SysSetuid(child.MainLwp, uid));
        return child.MainLwp;
    }

    /// <summary>sys_fork that must succeed; returns the child.</summary>
    protected static Proc ForkOk(Kernel k, Lwp td)
    {
        Assert.Equal(Errno.OK, k.SysFork(td));
        var child = k.Pfind((int)td.Retval0);
        Assert.NotNull(child);
        Invariants.Check(k);
        return child!;
    }

    protected static void Check(Kernel k) => Invariants.Check(k);
}
