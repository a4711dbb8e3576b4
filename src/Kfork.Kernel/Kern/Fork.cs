using Kfork.Profiles;
using Kfork.Sys;
using Kfork.Vm;
using static Kfork.Sys.RforkFlags;

namespace Kfork.Kern;

/// <summary>A fork callout (forklist_fn): called with both processes set up (002_…:585-589).</summary>
public delegate void ForkCallout(Proc p1, Proc p2, RforkFlags flags);

/// <summary>
/// kern_fork.c: fork, vfork, rfork, fork1, the fork callout list, start_forked_proc.
///
/// fork1 is written as validate → reserve → build → commit. Validation and reservation
/// (nprocs, the uid's count, the pid) may refuse; building allocates everything the child needs
/// without touching anything another process can see and may fail at an injected fault;
/// <see cref="CommitChild"/> links the finished child in and cannot fail. A failure before the
/// commit is undone by <see cref="ForkTransaction.Abort"/>, leaving counts, reference counts and
/// lists as they were.
/// </summary>
public sealed partial class Kernel
{
    private readonly List<ForkCallout> forkList = [];
    private long procSerial;
    /// <summary>forksleep: where DragonFly's fork1 sleeps when refused (001_…:91).</summary>
    private readonly object forkSleep = new();
    private long lastFailSecond = -1;
    private int curFail;

    /// <summary>kern.maxproc.</summary>
    public int MaxProc { get; private set; }
    /// <summary>kern.maxprocperuid.</summary>
    public int MaxProcPerUid { get; private set; }

    // ---- the system calls ----

    /// <summary>sys_fork: fork1 with the profile's fork flags (002_…:117, 001_…:121).</summary>
    public Errno SysFork(Lwp td) => ForkSyscall(td, Profile.ForkFlags);

    /// <summary>sys_vfork: fork1 with RFPPWAIT|RFMEM; the parent sleeps until the child execs or exits.</summary>
    public Errno SysVfork(Lwp td) => ForkSyscall(td, Profile.VforkFlags);

    /// <summary>
    /// sys_rfork: kernel-only flags from user space are refused (DragonFly, 001_…:169) or masked off
    /// (FreeBSD, 002_…:151); DragonFly adds RFPGLOCK (001_…:172).
    /// </summary>
    public Errno SysRfork(Lwp td, RforkFlags flags)
    {
        if ((flags & Profile.KernelOnlyFlags) != 0)
        {
            if (Profile.UserKernelOnlyFlags == KernelOnlyFlagsPolicy.Reject) return Errno.EINVAL;
            flags &= ~Profile.KernelOnlyFlags;
        }
        return ForkSyscall(td, flags | Profile.RforkAddedFlags);
    }

    /// <summary>
    /// What the three system calls share: fork1, then start the child where the profile says the
    /// caller does, then keep vfork's promise. Retval: the child's pid (0 without RFPROC), 0.
    /// </summary>
    private Errno ForkSyscall(Lwp td, RforkFlags flags)
    {
        var error = Fork1(td, flags, out var p2);
        if (error != Errno.OK) return error;
        td.Retval0 = p2?.Pid ?? 0;
        td.Retval1 = 0;
        if (p2 == null) return Errno.OK;
        StartChild(td, p2);
        return WaitForVforkChild(td, p2);
    }

    /// <summary>
    /// Preserve vfork's synchronisation: while the child has P_PPWAIT the parent sleeps on its own
    /// proc (002_…:621-623 in fork1, 001_…:741-742 in start_forked_proc); exec and exit clear the
    /// flag and wake it.
    /// </summary>
    private Errno WaitForVforkChild(Lwp td, Proc p2)
    {
        if ((p2.Flag & ProcFlags.P_PPWAIT) == 0) return Errno.OK;
        return Tsleep(td, td.Proc, "ppwait", 0, false, new PpwaitSleep(p2));
    }

    private sealed class PpwaitSleep(Proc child) : SleepContinuation
    {
        public override Errno Resume(Kernel k, Lwp td, Errno sleepError)
        {
            if ((child.Flag & ProcFlags.P_PPWAIT) != 0)
                return k.Tsleep(td, td.Proc, "ppwait", 0, false, this);
            td.Retval0 = child.Pid;
            td.Retval1 = 0;
            return Errno.OK;
        }
    }

    /// <summary>
    /// Make a child made by fork1 runnable: DragonFly's start_forked_proc (which also drops the
    /// parent's PHOLD), or, in FreeBSD where fork1 did that already, start a child that a kernel
    /// caller created with RFSTOPPED.
    /// </summary>
    public void StartChild(Lwp lp1, Proc p2)
    {
        if (Profile.Start == StartPolicy.CallerStartsChild) StartForkedProc(lp1, p2);
        else if (p2.Stat == ProcStat.SIDL) MakeRunnable(p2);
    }

    /// <summary>start_forked_proc (001_…:708-743) without the vfork sleep, which the caller does.</summary>
    private void StartForkedProc(Lwp lp1, Proc p2)
    {
        Debug.KAssert(p2.Stat == ProcStat.SIDL, $"cannot start forked process, bad status: {p2}");
        MakeRunnable(p2);
        Prele(lp1.Proc);
    }

    /// <summary>SIDL → SACTIVE, its LWP runnable (setrunqueue); API-driven LWPs have no code to queue.</summary>
    private void MakeRunnable(Proc p2)
    {
        p2.Stat = ProcStat.SACTIVE;
        var lp2 = p2.MainLwp;
        lp2.Stat = LwpStat.LSRUN;
        if (lp2.Md != null) SetRunQueue(lp2);
        if (Probes.Enabled) Fire(ProbeId.ProcStart, p2);
    }

    /// <summary>PHOLD: keep the process from being swapped out (or reaped) while fork copies from it.</summary>
    private static void Phold(Proc p) => p.Holds++;

    /// <summary>PRELE.</summary>
    private static void Prele(Proc p)
    {
        Debug.KAssert(p.Holds > 0, "PRELE: not held");
        p.Holds--;
    }

    // ---- fork1 ----

    /// <summary>
    /// fork1: create a child of <paramref name="lp1"/>'s process as <paramref name="flags"/> say, or
    /// with RFPROC clear change the caller itself. Returns an errno; EJUSTRETURN when the profile
    /// makes a refused fork sleep first (the result, EAGAIN, arrives when the sleep ends).
    /// </summary>
    public Errno Fork1(Lwp lp1, RforkFlags flags, out Proc? procp)
    {
        if (Probes.Enabled) Fire(ProbeId.ForkEntry, lp1, arg0: (long)flags);
        var error = Fork1Checked(lp1, flags, out procp);
        if (Probes.Enabled) Fire(ProbeId.ForkReturn, lp1, procp?.Pid ?? 0, (long)flags, error: error);
        return error;
    }

    private Errno Fork1Checked(Lwp lp1, RforkFlags flags, out Proc? procp)
    {
        procp = null;
        // 002_…:213, 001_…:249: can't copy and clear.
        if ((flags & (RFFDG | RFCFDG)) == (RFFDG | RFCFDG)) return Errno.EINVAL;
        if ((flags & RFPROC) == 0) return ForkInPlace(lp1, flags);

        var locked = PgrpForkLock(lp1, flags, out var error);
        if (error != Errno.OK) return error;
        try
        {
            return Fork1Locked(lp1, flags, out procp);
        }
        finally
        {
            if (locked != null) PgrpForkUnlock(locked);
        }
    }

    /// <summary>
    /// rfork without RFPROC divorces parts of the caller from whoever shares them (002_…:220-252,
    /// 001_…:259-293): the address space unless RFMEM (vm_fork(p1, 0, flags)), and the descriptor
    /// table (RFCFDG: a new empty one; RFFDG: a private copy if shared).
    /// </summary>
    private Errno ForkInPlace(Lwp lp1, RforkFlags flags)
    {
        var p1 = lp1.Proc;
        // 001_…:264-267: this stunt does not work with several LWPs.
        if (Profile.NoProcRforkNeedsSingleLwp && p1.NThreads != 1) return Errno.EINVAL;
        if ((flags & RFMEM) == 0 && p1.Vmspace.RefCount > 1) UnshareVmspace(p1);
        if ((flags & RFCFDG) != 0) ReplaceFd(p1, FdInit(p1));
        if ((flags & RFFDG) != 0 && p1.Fd.RefCount > 1)
        {
            var copy = FdCopy(p1);
            FdHoldFiles(copy);
            ReplaceFd(p1, copy);
        }
        return Errno.OK;
    }

    private void ReplaceFd(Proc p, Filedesc fd)
    {
        FdFree(p);
        p.Fd = fd;
    }

    /// <summary>vmspace_unshare: give the process a private copy of a shared address space.</summary>
    private void UnshareVmspace(Proc p)
    {
        var copy = p.Vmspace.Fork();
        VmspaceFree(p.Vmspace);
        p.Vmspace = copy;
    }

    /// <summary>vmspace_free: the last holder releases the address space's pages.</summary>
    internal static void VmspaceFree(Vmspace vm)
    {
        if (--vm.RefCount == 0) vm.Release();
    }

    /// <summary>
    /// RFPGLOCK (001_…:295-313): hold the process group's lock shared for the whole fork so that a
    /// group signal cannot slip between the child's creation and its joining the group; if a signal
    /// is already pending, give up with ERESTART so it is handled first and the call restarted.
    /// </summary>
    private Pgrp? PgrpForkLock(Lwp lp1, RforkFlags flags, out Errno error)
    {
        error = Errno.OK;
        if (!Profile.PgrpSignalInterlock || (flags & RFPGLOCK) == 0) return null;
        var pg = lp1.Proc.Pgrp;
        pg.Holds++;
        pg.ForkLocks++;
        if (CursigNoBlock(lp1) || Fails(FaultPoint.PgrpLockSignalRace))
        {
            PgrpForkUnlock(pg);
            error = Errno.ERESTART;
            return null;
        }
        return pg;
    }

    private void PgrpForkUnlock(Pgrp pg)
    {
        pg.ForkLocks--;
        if (--pg.Holds == 0 && pg.MemberCount == 0) PgDelete(pg);
    }

    private Errno Fork1Locked(Lwp lp1, RforkFlags flags, out Proc? procp)
    {
        procp = null;
        var error = ReserveProcSlot(lp1);
        if (error != Errno.OK) return error;

        var tx = new ForkTransaction(lp1.Proc.Ucred.RuidInfo, PidAllocator.Save());
        error = ChoosePid(flags, out int pid);
        if (error == Errno.OK) error = BuildChild(lp1, flags, ref tx);
        if (error != Errno.OK)
        {
            tx.Abort(this);
            return error;
        }
        // ---- commit: from here fork1 cannot fail ----
        procp = CommitChild(lp1, flags, pid, ref tx);
        return Errno.OK;
    }

    /// <summary>
    /// The global and per-uid limits (002_…:254-284, 001_…:315-354): a non-root user may not take
    /// the last <see cref="Profile.NonRootReserve"/> slots, root may not exceed maxproc, and
    /// chgproccnt bounds the real uid's processes by RLIMIT_NPROC (no bound for root).
    /// On success nprocs and the uid's count are charged.
    /// </summary>
    private Errno ReserveProcSlot(Lwp lp1)
    {
        var p1 = lp1.Proc;
        int uid = p1.Ucred.Ruid;
        if ((NProcs >= MaxProc - Profile.NonRootReserve && uid != 0) || NProcs >= MaxProc
            || Fails(FaultPoint.MaxProc))
            return RefuseAtLimit(lp1, uid, tableFull: true);
        // Increment nprocs before blocking can occur (002_…:266-270).
        NProcs++;
        long max = uid != 0 ? p1.Limit[RlimitKind.Nproc].Cur : 0;
        if (Fails(FaultPoint.UidProcLimit) || !ChgProcCnt(p1.Ucred.RuidInfo, 1, max))
        {
            NProcs--;
            return RefuseAtLimit(lp1, uid, tableFull: false);
        }
        return Errno.OK;
    }

    /// <summary>
    /// Report a refused fork as the profile does: FreeBSD's tablefull("proc") for a full table and
    /// silence for RLIMIT_NPROC; DragonFly's rate-limited message and tsleep(hz/2) for both, after
    /// which the call fails with EAGAIN.
    /// </summary>
    private Errno RefuseAtLimit(Lwp lp1, int uid, bool tableFull)
    {
        if (Probes.Enabled) Fire(ProbeId.ForkLimitRefused, lp1, arg0: tableFull ? 1 : 2, error: Errno.EAGAIN);
        if (Profile.LimitRefusal == LimitRefusalReport.TableFull)
        {
            if (tableFull) Kprintf("proc: table is full");
            return Errno.EAGAIN;
        }
        if (PpsRateCheck(1))
            Kprintf($"maxproc limit exceeded by uid {uid}, please see tuning(7) and login.conf(5).");
        return Tsleep(lp1, forkSleep, "fork", Profile.Hz / 2, false, RefusedForkSleep.Instance);
    }

    /// <summary>After DragonFly's half-second sleep the refused fork returns EAGAIN.</summary>
    private sealed class RefusedForkSleep : SleepContinuation
    {
        public static readonly RefusedForkSleep Instance = new();
        public override Errno Resume(Kernel k, Lwp td, Errno sleepError) => Errno.EAGAIN;
    }

    /// <summary>ppsratecheck: true for at most <paramref name="maxPerSecond"/> calls per virtual second.</summary>
    private bool PpsRateCheck(int maxPerSecond)
    {
        long second = Ticks / Profile.Hz;
        if (second != lastFailSecond)
        {
            lastFailSecond = second;
            curFail = 0;
        }
        return ++curFail <= maxPerSecond;
    }

    /// <summary>
    /// The pid for the child (002_…:303-373): arc4random() % randompid is added unless RFHIGHPID
    /// (honoured where the profile has it); the allocator does the rest.
    /// </summary>
    private Errno ChoosePid(RforkFlags flags, out int pid)
    {
        bool highPid = Profile.HonorsHighPid && (flags & RFHIGHPID) != 0;
        int randomOffset = !highPid && RandomPid != 0 ? (int)(Random.Next() % (uint)RandomPid) : 0;
        if (Fails(FaultPoint.PidExhausted)) { pid = 0; return Errno.EAGAIN; }
        var error = PidAllocator.Allocate(highPid, randomOffset, out pid);
        if (error == Errno.OK && Probes.Enabled) Fire(ProbeId.PidAllocated, Proc0, pid);
        return error;
    }

    /// <summary>
    /// Allocate the child's parts: the proc, its sigacts (unless shared), its descriptor table
    /// (unless shared), its address space (unless RFMEM) and its LWP. Nothing here is visible to
    /// another process; each allocation is a fault point.
    /// </summary>
    private Errno BuildChild(Lwp lp1, RforkFlags flags, ref ForkTransaction tx)
    {
        var p1 = lp1.Proc;
        if (Fails(FaultPoint.ProcAlloc)) return Errno.ENOMEM;
        tx.Child = new Proc();

        if ((flags & RFSIGSHARE) == 0)
        {
            if (Fails(FaultPoint.SigactsAlloc)) return Errno.ENOMEM;
            tx.SigactsCopy = p1.Sigacts.Copy();
        }
        if ((flags & (RFCFDG | RFFDG)) != 0)
        {
            if (Fails(FaultPoint.FiledescAlloc)) return Errno.ENOMEM;
            tx.FdNew = (flags & RFCFDG) != 0 ? FdInit(p1) : FdCopy(p1);
        }
        if ((flags & RFMEM) == 0)
        {
            if (Fails(FaultPoint.VmFork)) return Errno.ENOMEM;
            tx.VmCopy = p1.Vmspace.Fork();
        }
        if (Fails(FaultPoint.LwpAlloc)) return Errno.ENOMEM;
        tx.Lwp = new Lwp { Proc = tx.Child };
        return Errno.OK;
    }

    private bool Fails(FaultPoint point) => Faults.Armed && Faults.ShouldFail(point);

    /// <summary>What fork1 reserved and built so far, so that a failure can undo it.</summary>
    private struct ForkTransaction(Uidinfo charged, PidCursor cursor)
    {
        public Proc? Child;
        public Sigacts? SigactsCopy;
        public Filedesc? FdNew;
        public Vmspace? VmCopy;
        public Lwp? Lwp;

        /// <summary>Undo the build and the reservation, newest first.</summary>
        public readonly void Abort(Kernel k)
        {
            if (VmCopy != null) VmspaceFree(VmCopy);
            SigactsCopy?.Free();
            k.PidAllocator.Restore(cursor);
            ChgProcCnt(charged, -1, 0);
            k.NProcs--;
        }
    }
}
