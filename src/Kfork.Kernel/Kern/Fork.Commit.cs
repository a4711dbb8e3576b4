using Kfork.Profiles;
using Kfork.Sys;
using static Kfork.Sys.RforkFlags;

namespace Kfork.Kern;

/// <summary>kern_fork.c, fork1's second half: linking the finished child in. Nothing here can fail.</summary>
public sealed partial class Kernel
{
    /// <summary>
    /// Commit the child built by <see cref="BuildChild"/>: identity, copied and shared parts,
    /// group, parent, LWP, then make it visible, count it, run the callouts, and (FreeBSD) start it.
    /// Order follows the seeds (002_…:375-629, 001_…:357-588) except that the child enters allproc
    /// and the pid table last, complete: no half-built process is ever visible to a lookup.
    /// </summary>
    private Proc CommitChild(Lwp lp1, RforkFlags flags, int pid, ref ForkTransaction tx)
    {
        var p1 = lp1.Proc;
        var p2 = tx.Child!;
        p2.Pid = pid;
        p2.Serial = ++procSerial;
        p2.Stat = ProcStat.SIDL;
        LinkThreadPeers(p1, p2, flags);
        CopyStartCopyRegion(p1, p2);
        ShareOrCopyResources(p1, p2, flags, ref tx);
        InheritFlags(p1, p2, flags);

        // Once on the group list the child may receive group signals (001_…:488-496).
        PgrpInsertAfter(p1, p2);
        // RFNOWAIT: the child is init's, disassociated from its parent (002_…:502-517).
        ChildInsertHead((flags & RFNOWAIT) != 0 ? InitProcOrProc0() : p1, p2);
        // DIVERGENCE: an RFNOWAIT child whose new parent (init) is in its session but another group
        // qualifies that group for job control; the seed does not count it, we keep pg_jobc exact.
        if (Qualifies(p2, p2.Pgrp)) p2.Pgrp.JobControlCount++;
        InheritKtrace(p1, p2);
        p2.Estcpu = p1.Estcpu;

        // The parent stays held until the child is started (002_…:551-555, 001_…:531-537).
        Phold(p1);
        p2.Vmspace = tx.VmCopy ?? ShareVmspace(p1);
        LwpFork(lp1, p2, tx.Lwp!);
        tx.Lwp!.ForkReturnPending = true;

        AllprocInsert(p2);
        pids.Set(pid, p2);
        PidReference(pid, 1);
        PidReference(p2.Pgrp.Id, 1);
        PidReference(p2.Session.Id, 1);

        CountFork(p1, p2, flags);
        foreach (var callout in forkList) callout(p1, p2, flags);
        p2.StartTick = Ticks;
        p2.AcFlag = Acct.AFORK;
        if (Probes.Enabled) Fire(ProbeId.ProcCreate, p1, pid, (long)flags);

        if (Profile.Start == StartPolicy.Fork1StartsChildUnlessStopped)
        {
            if ((flags & RFSTOPPED) == 0) MakeRunnable(p2);
            Prele(p1);
        }
        // Tell any interested parties about the new process (002_…:613, 001_…:582).
        KnoteFork(p1, p2.Pid);
        return p2;
    }

    /// <summary>During boot init does not exist yet when proc0 forks it.</summary>
    private Proc InitProcOrProc0() => InitProc ?? Proc0;

    /// <summary>RFTHREAD: the child joins the parent's leader's peers (002_…:292-299, 001_…:362-368).</summary>
    private static void LinkThreadPeers(Proc p1, Proc p2, RforkFlags flags)
    {
        if ((flags & RFTHREAD) != 0)
        {
            p2.Peers = p1.Peers;
            p1.Peers = p2;
            p2.Leader = p1.Leader;
        }
        else
        {
            p2.Leader = p2;
        }
    }

    /// <summary>bcopy(&amp;p1->p_startcopy, &amp;p2->p_startcopy, ...): the fields fork copies verbatim.</summary>
    private static void CopyStartCopyRegion(Proc p1, Proc p2)
    {
        p2.Comm = p1.Comm;
        p2.Nice = p1.Nice;
        p2.Pgrp = p1.Pgrp;
        // p_textvp: the text vnode is shared for procfs (002_…:458-463).
        p2.TextPath = p1.TextPath;
    }

    /// <summary>
    /// Credentials, signal actions, descriptors and limits: held, shared or the copies built earlier
    /// (002_…:411-486, 001_…:400-469).
    /// </summary>
    private void ShareOrCopyResources(Proc p1, Proc p2, RforkFlags flags, ref ForkTransaction tx)
    {
        p1.Ucred.RefCount++;
        p2.Ucred = p1.Ucred;

        if (tx.SigactsCopy != null)
        {
            p2.Sigacts = tx.SigactsCopy;
        }
        else
        {
            p1.Sigacts.RefCount++;
            p2.Sigacts = p1.Sigacts;
        }
        p2.SigParent = (flags & RFLINUXTHPN) != 0 ? Sig.SIGUSR1 : Sig.SIGCHLD;

        if (tx.FdNew != null)
        {
            p2.Fd = tx.FdNew;
            FdHoldFiles(p2.Fd);
        }
        else
        {
            p2.Fd = FdShare(p1);
            if (Profile.TracksFiledescLeaders) p2.FdToLeader = FdToLeaderForSharedChild(p1, p2, flags);
        }
        p2.Limit = PlimitFork(p1);
    }

    /// <summary>
    /// p_flag starts at 0 and takes the profile's inherited bits (002_…:402, 489-496; 001_…:471-479),
    /// P_PROFIL (startprofclock), P_JAILED in DragonFly, P_CONTROLT when the session has a terminal,
    /// and P_PPWAIT for vfork.
    /// </summary>
    private void InheritFlags(Proc p1, Proc p2, RforkFlags flags)
    {
        p2.Flag = p1.Flag & (Profile.InheritedProcFlags | ProcFlags.P_PROFIL);
        if (Profile.MarksJailedChildren && p2.Ucred.Jailed) p2.Flag |= ProcFlags.P_JAILED;
        if (p1.Session.HasTerminal && (p1.Flag & ProcFlags.P_CONTROLT) != 0) p2.Flag |= ProcFlags.P_CONTROLT;
        if ((flags & RFPPWAIT) != 0) p2.Flag |= ProcFlags.P_PPWAIT;
    }

    /// <summary>ktrace: copy the trace flags and destination when KTRFAC_INHERIT (002_…:527-542, 001_…:519-529).</summary>
    private static void InheritKtrace(Proc p1, Proc p2)
    {
        if ((p1.TraceFlag & Ktr.KTRFAC_INHERIT) == 0) return;
        p2.TraceFlag = p1.TraceFlag;
        p2.TraceNode = p1.TraceNode;
        if (p2.TraceNode != null) p2.TraceNode.RefCount++;
    }

    /// <summary>RFMEM: share the parent's address space (vm_fork's vmspace_ref).</summary>
    private static Vm.Vmspace ShareVmspace(Proc p1)
    {
        p1.Vmspace.RefCount++;
        return p1.Vmspace;
    }

    /// <summary>
    /// lwp_fork (001_…:598-656): the child's first LWP copies the caller's lwp_startcopy part
    /// (the signal mask) and gets tid p_lasttid + 1 = 0; cpu_fork gives it the caller's registers
    /// with fork's child return values. Only the calling LWP is copied, however many the parent has.
    /// </summary>
    private void LwpFork(Lwp origlp, Proc destproc, Lwp lp)
    {
        lp.SigMask = origlp.SigMask;
        lp.Flag |= origlp.Flag & LwpFlags.LWP_ALTSTACK;
        lp.Stat = LwpStat.LSRUN;
        AssignTid(destproc, lp);
        Machine?.CpuFork(origlp, lp);
    }

    /// <summary>
    /// fork_exit + fork_return (002_…:693-767): the child's first return to user space finishes the
    /// system call it was born in: userret, and ktrace's SYSRET of SYS_fork with 0.
    /// </summary>
    internal void ForkReturn(Lwp td)
    {
        td.ForkReturnPending = false;
        if (Probes.Enabled) FireSyscallReturn(td, SysForkNumber, 0, Errno.OK);
        Userret(td);
    }

    /// <summary>SYS_fork, the number fork_return reports for every child.</summary>
    private const int SysForkNumber = 2;

    /// <summary>Assign a TID: loop until the insert succeeds, wrapping to 1 on overflow (001_…:627-637).</summary>
    private static void AssignTid(Proc destproc, Lwp lp)
    {
        lp.Tid = destproc.LastTid;
        do
        {
            if (++lp.Tid < 0) lp.Tid = 1;
        } while (!LwpTreeInsert(destproc, lp));
        destproc.LastTid = lp.Tid;
        destproc.NThreads++;
    }

    /// <summary>
    /// The vmmeter counters (002_…:566-578, 001_…:549-561, 000_…:505-517): fork1 compares the whole
    /// flags word with the profile's fork and vfork values; anything else from proc0 is a kernel
    /// thread, the rest rforks. Pages counted are vm_dsize + vm_ssize.
    /// </summary>
    private void CountFork(Proc p1, Proc p2, RforkFlags flags)
    {
        long pages = p2.Vmspace.DataPages + p2.Vmspace.StackPages;
        if (flags == Profile.CountedAsFork) { Cnt.Forks++; Cnt.ForkPages += pages; }
        else if (flags == Profile.CountedAsVfork) { Cnt.Vforks++; Cnt.VforkPages += pages; }
        else if (p1 == Proc0) { Cnt.Kthreads++; Cnt.KthreadPages += pages; }
        else { Cnt.Rforks++; Cnt.RforkPages += pages; }
    }

    // ---- the fork callout list ----

    /// <summary>
    /// at_fork: add a callout run by every fork. Under INVARIANTS a duplicate is reported and
    /// replaced (002_…:649-654).
    /// </summary>
    public Errno AtFork(ForkCallout function)
    {
        if (RmAtFork(function) != 0) Kprintf("WARNING: fork callout entry already present");
        forkList.Add(function);
        return Errno.OK;
    }

    /// <summary>rm_at_fork: remove a callout; returns 1 if it was there, else 0.</summary>
    public int RmAtFork(ForkCallout function) => forkList.Remove(function) ? 1 : 0;
}

/// <summary>sys/acct.h.</summary>
public static class Acct
{
    /// <summary>AFORK: forked but not exec'd.</summary>
    public const int AFORK = 0x01;
}
