using Kfork.Sys;
using Kfork.Vm;

namespace Kfork.Kern;

/// <summary>
/// kern_exit.c: exit1 (the process becomes a zombie, its children go to init, its parent is
/// signalled and woken, a vfork parent is released) and wait4 (reaping frees the pid, the uid's
/// count and the process's last references).
/// A zombie keeps its credential and signal actions until reaped; its descriptors, address space
/// and limits are released at exit and replaced by the kernel's empty placeholders below.
/// </summary>
public sealed partial class Kernel
{
    private readonly Filedesc exitedFd = new() { RefCount = int.MaxValue / 2 };
    private readonly Vmspace exitedVm = new() { RefCount = int.MaxValue / 2 };
    private readonly Plimit exitedLimit = new() { RefCount = int.MaxValue / 2 };

    /// <summary>sys_exit: exit1 with W_EXITCODE(code, 0). The calling LWP does not return.</summary>
    public void SysExit(Lwp td, int code) => Exit1(td, Wait.Exited(code));

    /// <summary>exit1: tear the process down to a zombie holding <paramref name="xstat"/>.</summary>
    public void Exit1(Lwp td, int xstat)
    {
        var p = td.Proc;
        Debug.KAssert(p != Proc0, "exit1: proc0 exiting");
        Debug.KAssert(p.Stat != ProcStat.SZOMB, "exit1: already a zombie");
        p.Flag |= ProcFlags.P_WEXIT;
        DisposeLwps(p);
        ReleaseVforkParent(p);
        p.SigList = default;

        VmspaceFree(p.Vmspace);
        p.Vmspace = exitedVm;
        FdFree(p);
        p.Fd = exitedFd;
        PlimitFree(p.Limit);
        p.Limit = exitedLimit;
        if (p.Session.Leader == p) p.Session.Leader = null;

        FixJobc(p, p.Pgrp, false);
        var heir = p == InitProc ? Proc0 : InitProc;
        p.Xstat = xstat;
        p.Stat = ProcStat.SZOMB;
        MoveToZombproc(p);
        ReparentChildren(p, heir);
        KnoteExit(p, xstat);
        if (Probes.Enabled) Fire(ProbeId.ProcExit, p, arg0: xstat);

        if (p == InitProc) { Halt(xstat); return; }
        NotifyParent(p);
    }

    /// <summary>killalllwps: the other LWPs go with the process; none of them returns to user space.</summary>
    private void DisposeLwps(Proc p)
    {
        for (var lp = p.FirstLwp; lp != null; lp = lp.Next) StopLwp(lp);
    }

    /// <summary>A vfork child that exits releases its parent (P_PPWAIT cleared, parent woken).</summary>
    private void ReleaseVforkParent(Proc p)
    {
        if ((p.Flag & ProcFlags.P_PPWAIT) == 0) return;
        p.Flag &= ~ProcFlags.P_PPWAIT;
        Wakeup(p.Parent!);
    }

    /// <summary>
    /// Every child goes to init with SIGCHLD as its exit signal (FreeBSD's exit1: q->p_sigparent =
    /// SIGCHLD); init is woken if one of them is a zombie already.
    /// DIVERGENCE: a child that now qualifies its group through init (same session, other group)
    /// is counted in pg_jobc; the seed-era exit1 left such counts low, which later FreeBSD fixed.
    /// </summary>
    private void ReparentChildren(Proc p, Proc heir)
    {
        bool zombieAdopted = false;
        while (p.FirstChild != null)
        {
            var q = p.FirstChild;
            ProcReparent(q, heir);
            q.SigParent = Sig.SIGCHLD;
            zombieAdopted |= q.Stat == ProcStat.SZOMB;
            if (Qualifies(q, q.Pgrp)) q.Pgrp.JobControlCount++;
        }
        if (!zombieAdopted || heir == Proc0) return;
        Wakeup(heir);
        if (heir == InitProc && Options.InitReapsOrphans) ReapZombieChildrenOfInit();
    }

    /// <summary>
    /// Tell the parent: with SA_NOCLDWAIT (or SIGCHLD ignored) the child is handed to init instead
    /// of staying a zombie; then p_sigparent is posted (SIGCHLD for init) and the parent woken.
    /// </summary>
    private void NotifyParent(Proc p)
    {
        var pp = p.Parent!;
        if (pp != InitProc && (pp.Sigacts.NoChildWait || pp.Sigacts.IsIgnored(Sig.SIGCHLD)))
        {
            ProcReparent(p, InitProc);
            if (pp.FirstChild == null) Wakeup(pp);
        }
        var parent = p.Parent!;
        Psignal(parent, parent != InitProc && p.SigParent != 0 ? p.SigParent : Sig.SIGCHLD);
        Wakeup(parent);
        if (parent == InitProc && Options.InitReapsOrphans) ReapZombieChildrenOfInit();
    }

    /// <summary>init(8)'s wait loop, for kernels whose init is not a guest program.</summary>
    private void ReapZombieChildrenOfInit()
    {
        for (var q = InitProc.FirstChild; q != null;)
        {
            var next = q.SiblingNext;
            if (q.Stat == ProcStat.SZOMB) ProcReap(InitProc, q);
            q = next;
        }
    }

    // ---- wait4 ----

    /// <summary>
    /// sys_wait4: wait for a child matching <paramref name="pid"/> (WAIT_ANY -1, a pid, 0 for the
    /// caller's group, -pgid). Retval0 = the child's pid (0 with WNOHANG and nothing to report);
    /// the status is copied out to <paramref name="statusAddr"/> when non-zero and kept in
    /// <see cref="Lwp.WaitStatus"/> for API callers. ECHILD without matching children, EINVAL for
    /// unknown options; otherwise it sleeps (PCATCH) until a child changes state.
    /// </summary>
    public Errno SysWait4(Lwp td, int pid, ulong statusAddr, int options)
    {
        if ((options & ~Wait.ValidOptions) != 0) return Errno.EINVAL;
        if (pid == 0) pid = -td.Proc.Pgrp.Id;
        return WaitLoop(td, pid, statusAddr, options);
    }

    private Errno WaitLoop(Lwp td, int pid, ulong statusAddr, int options)
    {
        var q = td.Proc;
        int found = 0;
        for (var p = q.FirstChild; p != null; p = p.SiblingNext)
        {
            if (!WaitMatches(p, pid, options)) continue;
            found++;
            int status;
            if (p.Stat == ProcStat.SZOMB) status = p.Xstat;
            else if (!TryReportStateChange(p, options, out status)) continue;
            var error = StatusCopyout(td, statusAddr, status);
            if (error != Errno.OK) return error;
            td.Retval0 = p.Pid;
            td.Retval1 = 0;
            if (p.Stat == ProcStat.SZOMB && (options & Wait.WNOWAIT) == 0) ProcReap(q, p);
            return Errno.OK;
        }
        if (found == 0) return Errno.ECHILD;
        if ((options & Wait.WNOHANG) != 0)
        {
            td.Retval0 = 0;
            return Errno.OK;
        }
        return Tsleep(td, q, "wait", 0, true, new WaitSleep(pid, statusAddr, options));
    }

    private sealed class WaitSleep(int pid, ulong statusAddr, int options) : SleepContinuation
    {
        public override Errno Resume(Kernel k, Lwp td, Errno sleepError) =>
            sleepError != Errno.OK ? sleepError : k.WaitLoop(td, pid, statusAddr, options);
    }

    /// <summary>
    /// The pid/group match, and the WLINUXCLONE rule: a child whose exit signal is not SIGCHLD is
    /// waited for only with WLINUXCLONE, a SIGCHLD child only without it.
    /// </summary>
    private static bool WaitMatches(Proc p, int pid, int options)
    {
        if (pid != -1 && p.Pid != pid && p.Pgrp.Id != -pid) return false;
        return (p.SigParent != Sig.SIGCHLD) == ((options & Wait.WLINUXCLONE) != 0);
    }

    /// <summary>A stopped child not yet reported (WUNTRACED), or a continued one (WCONTINUED).</summary>
    private static bool TryReportStateChange(Proc p, int options, out int status)
    {
        status = 0;
        bool consume = (options & Wait.WNOWAIT) == 0;
        if (p.Stat == ProcStat.SSTOP && (p.Flag & ProcFlags.P_WAITED) == 0 && (options & Wait.WUNTRACED) != 0)
        {
            if (consume) p.Flag |= ProcFlags.P_WAITED;
            status = Wait.Stopped(p.Xstat);
            return true;
        }
        if ((p.Flag & ProcFlags.P_CONTINUED) != 0 && (options & Wait.WCONTINUED) != 0)
        {
            if (consume) p.Flag &= ~ProcFlags.P_CONTINUED;
            status = Wait.Continued;
            return true;
        }
        return false;
    }

    private Errno StatusCopyout(Lwp td, ulong statusAddr, int status)
    {
        td.WaitStatus = status;
        return statusAddr == 0 ? Errno.OK : CopyOutInt32(td.Proc, statusAddr, status);
    }

    /// <summary>
    /// proc_reap: the zombie's last traces go: the uid's count, the credential, the signal actions,
    /// the ktrace reference, its group membership, its pid; nprocs drops.
    /// </summary>
    private void ProcReap(Proc q, Proc p)
    {
        if (Probes.Enabled) Fire(ProbeId.ProcReap, q, p.Pid, p.Xstat);
        q.ChildrenReaped++;
        ChgProcCnt(p.Ucred.RuidInfo, -1, 0);
        CrFree(p.Ucred);
        if (--p.Sigacts.RefCount == 0) p.Sigacts.Free();
        if (p.TraceNode != null) p.TraceNode.RefCount--;
        LeavePgrp(p);
        RemoveFromZombproc(p);
        ChildRemove(p);
        PidRelease(p.Pid, 1);
        NProcs--;
    }

    /// <summary>crfree: the last reference frees the credential and its uidinfo reference.</summary>
    internal void CrFree(Ucred cred)
    {
        if (--cred.RefCount == 0) UiFree(cred.RuidInfo);
    }
}
