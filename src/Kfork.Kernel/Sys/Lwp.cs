namespace Kfork.Sys;

/// <summary>lwp_stat (DragonFly); FreeBSD's p_stat SRUN/SSLEEP/SSTOP for its single thread.</summary>
public enum LwpStat : byte { LSRUN = 1, LSSLEEP = 2, LSSTOP = 3 }

[Flags]
public enum LwpFlags
{
    None = 0,
    /// <summary>LWP_ALTSTACK (DragonFly, 001_…:612): inherited by lwp_fork.</summary>
    LWP_ALTSTACK = 0x1,
    /// <summary>LWP_WEXIT: exiting; lwp_dispose expects it.</summary>
    LWP_WEXIT = 0x2,
}

/// <summary>
/// struct lwp with its thread: the schedulable part of a process. FreeBSD's 2001 kernel has one
/// thread per process; Kfork gives every process an LWP so that both seeds share one scheduler.
/// </summary>
public sealed class Lwp
{
    public required Proc Proc;
    /// <summary>lwp_tid: unique within the process.</summary>
    public int Tid;
    public LwpStat Stat = LwpStat.LSRUN;
    public LwpFlags Flag;
    /// <summary>lwp_sigmask (DragonFly) / p_sigmask (FreeBSD): copied by fork (lwp_startcopy).</summary>
    public Sigset SigMask;
    /// <summary>Signals directed at this LWP.</summary>
    public Sigset SigList;
    /// <summary>The next LWP of the process, by tid.</summary>
    internal Lwp? Next;

    /// <summary>td_retval: the system call's return values.</summary>
    public long Retval0, Retval1;

    /// <summary>The system call in progress (its number), for the return probe of a call that slept; 0 for API calls.</summary>
    internal int SyscallCode;

    /// <summary>The status the last wait4 reported (also copied out to the caller's pointer).</summary>
    public int WaitStatus;

    // ---- sleep state (kern_synch.c), owned by the scheduler ----

    /// <summary>lwp_wchan: what the LWP sleeps on; null when not asleep.</summary>
    public object? WChan;
    /// <summary>lwp_wmesg.</summary>
    public string? WMesg;
    /// <summary>The rest of the blocked system call, run when the sleep ends.</summary>
    internal Kern.SleepContinuation? Continuation;
    internal Lwp? SleepNext, SleepPrev;
    /// <summary>PCATCH: a signal ends the sleep.</summary>
    internal bool SleepCatchesSignals;
    /// <summary>Bumped on every sleep so stale timeouts are recognised.</summary>
    internal long SleepSeq;
    /// <summary>Why the sleep ended: 0, EWOULDBLOCK-like timeout, EINTR or ERESTART.</summary>
    internal Errno SleepError;
    /// <summary>A child made by fork1 that has not yet returned to user space (fork_exit/fork_return pending).</summary>
    internal bool ForkReturnPending;
    /// <summary>On the run queue.</summary>
    internal bool OnRunQueue;
    internal Lwp? RunNext;

    /// <summary>The result of the last system call that completed after sleeping (for API callers).</summary>
    public Errno? CompletedError;

    /// <summary>Machine-dependent state (the RISC-V trap frame) of a guest LWP; null for API-driven LWPs.</summary>
    public object? Md;

    public override string ToString() => $"lwp {Proc.Pid}/{Tid}";
}
