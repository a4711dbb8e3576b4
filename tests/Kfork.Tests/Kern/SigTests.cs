using Kfork.Kern;
using Kfork.Sys;

namespace Kfork.Tests.Kern;

/// <summary>kern_sig.c: kill and its permissions, default actions, stop and continue.</summary>
public class SigTests : KernelTestBase
{
    [Theory, MemberData(nameof(AllProfiles))]
    public void Kill_checks_signal_target_and_permission(string profile)
    {
        var k = Boot(profile);
        var alice = UserProc(k, 1001);
        var bob = UserProc(k, 1002);
        Assert.Equal(Errno.EINVAL, k.SysKill(alice, bob.Proc.Pid, 129));
        Assert.Equal(Errno.EINVAL, k.SysKill(alice, bob.Proc.Pid, -1));
        Assert.Equal(Errno.ESRCH, k.SysKill(alice, 99998, Sig.SIGTERM));
        Assert.Equal(Errno.EPERM, k.SysKill(alice, bob.Proc.Pid, Sig.SIGTERM));
        Assert.Equal(Errno.OK, k.SysKill(alice, alice.Proc.Pid, 0));
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Default_action_terminates_and_the_parent_sees_the_signal(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var child = ForkOk(k, td);
        Assert.Equal(Errno.OK, k.SysKill(td, child.Pid, Sig.SIGTERM));
        Assert.Equal(ProcStat.SACTIVE, child.Stat); // posted; taken when the child next runs
        k.RunUntilIdle();
        Assert.Equal(ProcStat.SZOMB, child.Stat);
        Assert.Equal(Errno.OK, k.SysWait4(td, child.Pid, 0, 0));
        Assert.Equal(Sig.SIGTERM, Wait.TermSig(td.WaitStatus));
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Init_does_not_take_default_actions(string profile)
    {
        var k = Boot(profile);
        Assert.Equal(Errno.OK, k.SysKill(k.InitProc.MainLwp, 1, Sig.SIGTERM));
        Assert.Equal(ProcStat.SACTIVE, k.InitProc.Stat);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Stop_and_continue_are_reported_to_wait4(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var child = ForkOk(k, td);
        Assert.Equal(Errno.OK, k.SysKill(td, child.Pid, Sig.SIGSTOP));
        k.RunUntilIdle();
        Assert.Equal(ProcStat.SSTOP, child.Stat);
        Assert.Equal(Errno.OK, k.SysWait4(td, child.Pid, 0, Wait.WUNTRACED));
        Assert.Equal(Wait.Stopped(Sig.SIGSTOP), td.WaitStatus);
        Assert.Equal(Errno.OK, k.SysWait4(td, child.Pid, 0, Wait.WUNTRACED | Wait.WNOHANG));
        Assert.Equal(0, td.Retval0);
        Assert.Equal(Errno.OK, k.SysKill(td, child.Pid, Sig.SIGCONT));
        k.RunUntilIdle();
        Assert.Equal(ProcStat.SACTIVE, child.Stat);
        Assert.Equal(Errno.OK, k.SysWait4(td, child.Pid, 0, Wait.WCONTINUED));
        Assert.Equal(Wait.Continued, td.WaitStatus);
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Signals_are_ignored_masked_or_caught(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var child = ForkOk(k, td);
        var lwp = child.MainLwp;
        Assert.Equal(Errno.OK, k.SysSigaction(lwp, Sig.SIGTERM, new SigAction(SigAction.SIG_IGN, default, 0), out _));
        k.SysKill(td, child.Pid, Sig.SIGTERM);
        Assert.Equal(ProcStat.SACTIVE, child.Stat);
        Assert.Equal(Errno.OK, k.SysSigprocmask(lwp, Kernel.SIG_BLOCK, Sigset.Of(Sig.SIGUSR1), out _));
        k.SysKill(td, child.Pid, Sig.SIGUSR1);
        Assert.True(child.SigList.Has(Sig.SIGUSR1));
        Assert.Equal(Errno.EINVAL, k.SysSigaction(lwp, Sig.SIGKILL, new SigAction(SigAction.SIG_IGN, default, 0), out _));
        Assert.Equal(Errno.EINVAL, k.SysSigprocmask(lwp, 9, Sigset.Of(Sig.SIGUSR1), out _));
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Kill_zero_and_negative_pids_reach_process_groups(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var a = ForkOk(k, td);
        var b = ForkOk(k, td);
        Assert.Equal(Errno.OK, k.SysSetpgid(td, b.Pid, 0));
        Assert.Equal(Errno.OK, k.SysKill(td, -b.Pid, Sig.SIGKILL));
        k.RunUntilIdle();
        Assert.Equal(ProcStat.SZOMB, b.Stat);
        Assert.Equal(ProcStat.SACTIVE, a.Stat);
        Assert.Equal(Errno.ESRCH, k.SysKill(td, -99990, Sig.SIGKILL));
        Check(k);
    }

    // A stopped process in a group orphaned by its parent's exit gets SIGHUP and SIGCONT (orphanpg).
    [Theory, MemberData(nameof(AllProfiles))]
    public void Newly_orphaned_group_with_stopped_member_is_hung_up(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var child = ForkOk(k, td);
        var grandchild = ForkOk(k, child.MainLwp);
        Assert.Equal(Errno.OK, k.SysSetpgid(child.MainLwp, 0, 0));
        Assert.Equal(Errno.OK, k.SysSetpgid(child.MainLwp, grandchild.Pid, child.Pid));
        Assert.Equal(Errno.OK, k.SysKill(td, grandchild.Pid, Sig.SIGSTOP));
        k.RunUntilIdle();
        Assert.Equal(ProcStat.SSTOP, grandchild.Stat);
        Assert.Equal(1, child.Pgrp.JobControlCount);
        Check(k);
        k.SysExit(td, 0);
        k.RunUntilIdle();
        Assert.Equal(ProcStat.SZOMB, grandchild.Stat);
        Assert.Equal(Sig.SIGHUP, Wait.TermSig(grandchild.Xstat));
        Check(k);
    }
}
