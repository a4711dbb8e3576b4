using Kfork.Kern;
using Kfork.Sys;

namespace Kfork.Tests.Kern;

/// <summary>kern_prot.c: setsid, setpgid, setuid.</summary>
public class ProtTests : KernelTestBase
{
    [Theory, MemberData(nameof(AllProfiles))]
    public void Setsid_makes_a_session_and_refuses_group_leaders(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.EPERM, k.SetSid(td));
        var child = ForkOk(k, td);
        Assert.Equal(Errno.OK, k.SetSid(child.MainLwp));
        Assert.Equal(child.Pid, child.Session.Id);
        Assert.Same(child, child.Session.Leader);
        Assert.Equal(Errno.OK, k.SysGetsid(td, child.Pid));
        Assert.Equal(child.Pid, td.Retval0);
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Setpgid_rules(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var child = ForkOk(k, td);
        Assert.Equal(Errno.EINVAL, k.SysSetpgid(td, child.Pid, -1));
        Assert.Equal(Errno.ESRCH, k.SysSetpgid(td, 99997, 0));
        Assert.Equal(Errno.EPERM, k.SysSetpgid(td, 0, 0)); // a session leader
        Assert.Equal(Errno.EPERM, k.SysSetpgid(td, child.Pid, 99996));
        child.Flag |= ProcFlags.P_EXEC;
        Assert.Equal(Errno.EACCES, k.SysSetpgid(td, child.Pid, 0));
        child.Flag &= ~ProcFlags.P_EXEC;
        Assert.Equal(Errno.OK, k.SysSetpgid(td, child.Pid, 0));
        Assert.Equal(child.Pid, child.Pgrp.Id);
        Assert.Equal(Errno.ESRCH, k.SysSetpgid(child.MainLwp, td.Proc.Pid, 0)); // not a descendant
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Setuid_moves_the_process_count_and_marks_sugid(string profile)
    {
        var k = Boot(profile);
        var root = UserProc(k, 0);
        var child = ForkOk(k, root);
        int before = child.Ucred.RuidInfo.ProcCount;
        Assert.Equal(Errno.OK, k.SysSetuid(child.MainLwp, 500));
        Assert.Equal(500, child.Ucred.Ruid);
        Assert.Equal(1, child.Ucred.RuidInfo.ProcCount);
        Assert.Equal(before - 1, root.Proc.Ucred.RuidInfo.ProcCount);
        Assert.True((child.Flag & ProcFlags.P_SUGID) != 0);
        Assert.Equal(Errno.EPERM, k.SysSetuid(child.MainLwp, 0));
        Check(k);
    }
}
