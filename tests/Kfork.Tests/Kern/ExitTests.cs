using Kfork.Kern;
using Kfork.Sys;

namespace Kfork.Tests.Kern;

/// <summary>kern_exit.c: exit1 and wait4.</summary>
public class ExitTests : KernelTestBase
{
    [Theory, MemberData(nameof(AllProfiles))]
    public void Exit_leaves_a_zombie_until_the_parent_waits(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var child = ForkOk(k, td);
        k.SysExit(child.MainLwp, 300);
        Assert.Equal(ProcStat.SZOMB, child.Stat);
        Assert.Null(k.Pfind(child.Pid));
        Assert.Same(child, k.Zpfind(child.Pid));
        Check(k);
        Assert.Equal(Errno.OK, k.SysWait4(td, -1, 0, 0));
        Assert.Equal(child.Pid, td.Retval0);
        Assert.Equal(Wait.Exited(300 & 0xff), td.WaitStatus);
        Assert.Null(k.Zpfind(child.Pid));
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Wait4_errors(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.ECHILD, k.SysWait4(td, -1, 0, 0));
        Assert.Equal(Errno.EINVAL, k.SysWait4(td, -1, 0, 0x100));
        var child = ForkOk(k, td);
        Assert.Equal(Errno.OK, k.SysWait4(td, -1, 0, Wait.WNOHANG));
        Assert.Equal(0, td.Retval0);
        Assert.Equal(Errno.ECHILD, k.SysWait4(td, child.Pid + 1000, 0, 0));
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Wait4_sleeps_until_a_child_exits(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var child = ForkOk(k, td);
        Assert.Equal(Errno.EJUSTRETURN, k.SysWait4(td, child.Pid, 0, 0));
        Assert.Equal("wait", td.WMesg);
        Check(k);
        k.SysExit(child.MainLwp, 7);
        k.RunUntilIdle();
        Assert.Equal(Errno.OK, td.CompletedError);
        Assert.Equal(child.Pid, td.Retval0);
        Assert.Equal(Wait.Exited(7), td.WaitStatus);
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Wait4_by_group_and_WNOWAIT(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var a = ForkOk(k, td);
        var b = ForkOk(k, td);
        Assert.Equal(Errno.OK, k.SysSetpgid(td, b.Pid, b.Pid));
        k.SysExit(a.MainLwp, 1);
        k.SysExit(b.MainLwp, 2);
        Assert.Equal(Errno.OK, k.SysWait4(td, -b.Pid, 0, Wait.WNOWAIT));
        Assert.Equal(b.Pid, td.Retval0);
        Assert.NotNull(k.Zpfind(b.Pid));
        Assert.Equal(Errno.OK, k.SysWait4(td, 0, 0, 0));
        Assert.Equal(a.Pid, td.Retval0);
        Assert.Equal(Errno.OK, k.SysWait4(td, -1, 0, 0));
        Assert.Equal(b.Pid, td.Retval0);
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Orphans_are_adopted_and_reaped_by_init(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var child = ForkOk(k, td.Proc.MainLwp);
        var grandchild = ForkOk(k, child.MainLwp);
        k.SysExit(child.MainLwp, 0);
        Assert.Same(k.InitProc, grandchild.Parent);
        Assert.Equal(Sig.SIGCHLD, grandchild.SigParent);
        k.SysExit(grandchild.MainLwp, 0);
        Assert.Null(k.Zpfind(grandchild.Pid));
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Exit_signals_the_parent_with_SIGCHLD(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var child = ForkOk(k, td);
        var caught = new SigAction(0x5000, default, SaFlags.None);
        Assert.Equal(Errno.OK, k.SysSigaction(td, Sig.SIGCHLD, caught, out _));
        k.SysExit(child.MainLwp, 0);
        k.RunUntilIdle();
        Assert.Equal(1, td.Proc.SignalsCaught);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void SA_NOCLDWAIT_children_do_not_stay_zombies(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.OK, k.SysSigaction(td, Sig.SIGCHLD, new SigAction(SigAction.SIG_DFL, default, SaFlags.SA_NOCLDWAIT), out _));
        var child = ForkOk(k, td);
        k.SysExit(child.MainLwp, 0);
        Assert.Null(k.Zpfind(child.Pid));
        Assert.Equal(Errno.ECHILD, k.SysWait4(td, -1, 0, 0));
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Exit_releases_the_descriptors_and_the_address_space(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var f = new OpenFile { Kind = "console", Name = "c" };
        td.Proc.Fd.Files = [f];
        td.Proc.Fd.FileFlags = [0];
        Assert.Equal(Errno.OK, k.SysRfork(td, RforkFlags.RFPROC | RforkFlags.RFMEM));
        var sharer = k.Pfind((int)td.Retval0)!;
        Assert.Equal(2, td.Proc.Vmspace.RefCount);
        k.SysExit(sharer.MainLwp, 0);
        Assert.Equal(1, td.Proc.Vmspace.RefCount);
        Assert.Equal(1, td.Proc.Fd.RefCount);
        Assert.Equal(1, f.RefCount);
        Check(k);
    }

    // tsleep with PCATCH: a caught signal ends wait4's sleep with EINTR, or ERESTART under SA_RESTART.
    [Theory]
    [InlineData("freebsd", SaFlags.None, Errno.EINTR)]
    [InlineData("dragonfly", SaFlags.SA_RESTART, Errno.ERESTART)]
    public void A_caught_signal_interrupts_wait4(string profile, SaFlags flags, Errno expected)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var child = ForkOk(k, td);
        Assert.Equal(Errno.OK, k.SysSigaction(td, Sig.SIGUSR1, new SigAction(0x4000, default, flags), out _));
        Assert.Equal(Errno.EJUSTRETURN, k.SysWait4(td, -1, 0, 0));
        Assert.Equal(Errno.OK, k.SysKill(child.MainLwp, td.Proc.Pid, Sig.SIGUSR1));
        k.RunUntilIdle();
        Assert.Equal(expected, td.CompletedError);
        Assert.Equal(1, td.Proc.SignalsCaught);
        Check(k);
    }
}
