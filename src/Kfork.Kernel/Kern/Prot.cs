using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>kern_prot.c: identity calls, credentials (setuid, setgid) and sessions/groups (setsid, setpgid).</summary>
public sealed partial class Kernel
{
    public int GetPid(Lwp td) => td.Proc.Pid;
    /// <summary>getppid: the parent's pid (init's after reparenting).</summary>
    public int GetPpid(Lwp td) => td.Proc.Parent?.Pid ?? 0;
    public int GetUid(Lwp td) => td.Proc.Ucred.Ruid;
    public int GetEuid(Lwp td) => td.Proc.Ucred.Uid;
    public int GetGid(Lwp td) => td.Proc.Ucred.Rgid;
    public int GetEgid(Lwp td) => td.Proc.Ucred.Gid;
    public int GetPgrp(Lwp td) => td.Proc.Pgrp.Id;

    /// <summary>getsid(pid): ESRCH for an unknown process.</summary>
    public Errno SysGetsid(Lwp td, int pid)
    {
        var p = pid == 0 ? td.Proc : Pfind(pid);
        if (p == null) return Errno.ESRCH;
        td.Retval0 = p.Session.Id;
        return Errno.OK;
    }

    /// <summary>
    /// setuid: root sets the real, effective and saved uid; others may set the effective uid to
    /// their real or saved uid; anything else is EPERM. A change of real uid moves the process's
    /// count to the new uid (change_ruid); any change marks P_SUGID.
    /// </summary>
    public Errno SysSetuid(Lwp td, int uid)
    {
        var p = td.Proc;
        var cr = p.Ucred;
        bool root = cr.Uid == 0;
        if (!root && uid != cr.Ruid && uid != cr.Svuid) return Errno.EPERM;
        if (uid == cr.Uid && (!root || (uid == cr.Ruid && uid == cr.Svuid))) return Errno.OK;
        var ncr = CrCopyForChange(p);
        if (root)
        {
            if (uid != ncr.Ruid) ChangeRuid(p, ncr, uid);
            ncr.Svuid = uid;
        }
        ncr.Uid = uid;
        p.Flag |= ProcFlags.P_SUGID;
        return Errno.OK;
    }

    /// <summary>setgid: as setuid for group ids (no per-gid counts).</summary>
    public Errno SysSetgid(Lwp td, int gid)
    {
        var p = td.Proc;
        var cr = p.Ucred;
        bool root = cr.Uid == 0;
        if (!root && gid != cr.Rgid && gid != cr.Svgid) return Errno.EPERM;
        var ncr = CrCopyForChange(p);
        if (root) { ncr.Rgid = gid; ncr.Svgid = gid; }
        ncr.Gid = gid;
        p.Flag |= ProcFlags.P_SUGID;
        return Errno.OK;
    }

    /// <summary>crcopy before a change: a shared credential is never modified in place.</summary>
    private Ucred CrCopyForChange(Proc p)
    {
        if (p.Ucred.RefCount == 1) return p.Ucred;
        var copy = p.Ucred.Copy();
        CrFree(p.Ucred);
        p.Ucred = copy;
        return copy;
    }

    /// <summary>change_ruid: the process's count moves from the old real uid to the new one.</summary>
    private void ChangeRuid(Proc p, Ucred cr, int ruid)
    {
        var newUi = UiFind(ruid);
        newUi.RefCount++;
        ChgProcCnt(cr.RuidInfo, -1, 0);
        ChgProcCnt(newUi, 1, 0);
        UiFree(cr.RuidInfo);
        cr.RuidInfo = newUi;
        cr.Ruid = ruid;
    }

    /// <summary>setsid: EPERM for a process-group leader; otherwise a new session and group named by the pid.</summary>
    public Errno SetSid(Lwp td)
    {
        var p = td.Proc;
        if (p.Pgrp.Id == p.Pid || Pgfind(p.Pid) != null) return Errno.EPERM;
        EnterPgrp(p, p.Pid, makeSession: true);
        td.Retval0 = p.Pid;
        return Errno.OK;
    }

    /// <summary>
    /// setpgid(pid, pgid): EINVAL for a negative pgid; ESRCH unless the target is the caller or
    /// its descendant; EPERM for a target in another session or a session leader, or a group in
    /// another session; EACCES once the child has exec'd.
    /// </summary>
    public Errno SysSetpgid(Lwp td, int pid, int pgid)
    {
        var cur = td.Proc;
        if (pgid < 0) return Errno.EINVAL;
        Proc target = cur;
        if (pid != 0 && pid != cur.Pid)
        {
            var t = Pfind(pid);
            if (t == null || !Inferior(t, cur)) return Errno.ESRCH;
            if (t.Session != cur.Session) return Errno.EPERM;
            if ((t.Flag & ProcFlags.P_EXEC) != 0) return Errno.EACCES;
            target = t;
        }
        if (target.Session.Leader == target) return Errno.EPERM;
        if (pgid == 0) pgid = target.Pid;
        else if (pgid != target.Pid)
        {
            var pg = Pgfind(pgid);
            if (pg == null || pg.Session != cur.Session) return Errno.EPERM;
        }
        EnterPgrp(target, pgid, makeSession: false);
        return Errno.OK;
    }
}
