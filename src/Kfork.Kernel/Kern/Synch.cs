using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>
/// The rest of a system call that went to sleep: what the code after tsleep() does when the sleep
/// ends. Kernel paths that block return <see cref="Errno.EJUSTRETURN"/> after arranging a sleep with
/// one of these, so a sleeping LWP costs this object and its queue links, never a host thread.
/// </summary>
public abstract class SleepContinuation
{
    /// <summary>
    /// Runs in the LWP's context once the sleep ended with <paramref name="sleepError"/> (OK after a
    /// wakeup, EAGAIN for EWOULDBLOCK after a timeout, EINTR or ERESTART after a signal).
    /// Returns the system call's errno, or EJUSTRETURN if it went to sleep again.
    /// </summary>
    public abstract Errno Resume(Kernel k, Lwp td, Errno sleepError);
}

/// <summary>
/// kern_synch.c: tsleep, wakeup and a deterministic scheduler on a virtual clock.
/// Sleep queues are hashed on the wait channel (FIFO per bucket, as sleepq(9)); the run queue is
/// FIFO; timeouts sit in a priority queue ordered by (tick, sequence). Nothing depends on host
/// timing: the same state gives the same order.
/// </summary>
public sealed partial class Kernel
{
    private const int SleepHashSize = 1 << 12;
    private readonly Lwp?[] sleepHead = new Lwp?[SleepHashSize];
    private readonly Lwp?[] sleepTail = new Lwp?[SleepHashSize];
    private readonly PriorityQueue<(Lwp Lwp, long Seq), (long Tick, long Order)> timeouts = new();
    private long timeoutOrder;
    private Lwp? runHead, runTail;

    /// <summary>ticks: the virtual clock, advanced only by the scheduler.</summary>
    public long Ticks { get; private set; }

    /// <summary>LWPs asleep right now.</summary>
    public int Sleepers { get; private set; }

    /// <summary>The machine-dependent side for guest LWPs (null for a kernel driven only through the API).</summary>
    public IMachine? Machine { get; set; }

    private static int SleepHash(object chan) => (System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(chan) & 0x7fffffff) % SleepHashSize;

    /// <summary>
    /// tsleep(chan, PCATCH?, wmesg, timo): put <paramref name="td"/> to sleep and return EJUSTRETURN;
    /// <paramref name="then"/> runs when the sleep ends. With <paramref name="catchSignals"/> and a
    /// signal already deliverable the call does not sleep and returns EINTR (or ERESTART under SA_RESTART),
    /// as tsleep does before blocking.
    /// </summary>
    public Errno Tsleep(Lwp td, object chan, string wmesg, int timoTicks, bool catchSignals, SleepContinuation then)
    {
        if (catchSignals)
        {
            var sigErr = SignalInterruptError(td);
            if (sigErr != Errno.OK) return sigErr;
        }
        Debug.KAssert(td.WChan == null, "tsleep: already asleep");
        td.WChan = chan;
        td.WMesg = wmesg;
        td.Continuation = then;
        td.SleepCatchesSignals = catchSignals;
        td.SleepError = Errno.OK;
        td.SleepSeq++;
        td.Stat = LwpStat.LSSLEEP;
        SleepQueueInsert(td, chan);
        if (timoTicks > 0)
            timeouts.Enqueue((td, td.SleepSeq), (Ticks + timoTicks, timeoutOrder++));
        if (Probes.Enabled) Fire(ProbeId.Sleep, td, text: wmesg);
        return Errno.EJUSTRETURN;
    }

    private void SleepQueueInsert(Lwp td, object chan)
    {
        int h = SleepHash(chan);
        td.SleepNext = null;
        td.SleepPrev = sleepTail[h];
        if (sleepTail[h] != null) sleepTail[h]!.SleepNext = td; else sleepHead[h] = td;
        sleepTail[h] = td;
        Sleepers++;
    }

    private void SleepQueueRemove(Lwp td)
    {
        int h = SleepHash(td.WChan!);
        if (td.SleepPrev != null) td.SleepPrev.SleepNext = td.SleepNext; else sleepHead[h] = td.SleepNext;
        if (td.SleepNext != null) td.SleepNext.SleepPrev = td.SleepPrev; else sleepTail[h] = td.SleepPrev;
        td.SleepNext = td.SleepPrev = null;
        Sleepers--;
    }

    /// <summary>wakeup(chan): every LWP asleep on <paramref name="chan"/> becomes runnable, in sleep order.</summary>
    public void Wakeup(object chan)
    {
        int h = SleepHash(chan);
        for (var td = sleepHead[h]; td != null;)
        {
            var next = td.SleepNext;
            if (td.WChan == chan) Unsleep(td, Errno.OK);
            td = next;
        }
    }

    /// <summary>unsleep + setrunnable: end <paramref name="td"/>'s sleep with <paramref name="error"/>.</summary>
    internal void Unsleep(Lwp td, Errno error)
    {
        SleepQueueRemove(td);
        td.WChan = null;
        td.SleepError = error;
        td.SleepSeq++;
        td.Stat = LwpStat.LSRUN;
        if (Probes.Enabled) Fire(ProbeId.Wakeup, td, text: td.WMesg);
        SetRunQueue(td);
    }

    /// <summary>setrunqueue: queue the LWP to run (its continuation, then its guest code).</summary>
    internal void SetRunQueue(Lwp td)
    {
        if (td.OnRunQueue || td.Proc.Stat == ProcStat.SSTOP) return;
        td.OnRunQueue = true;
        td.RunNext = null;
        if (runTail != null) runTail.RunNext = td; else runHead = td;
        runTail = td;
    }

    private Lwp? RunQueuePop()
    {
        var td = runHead;
        if (td == null) return null;
        runHead = td.RunNext;
        if (runHead == null) runTail = null;
        td.RunNext = null;
        td.OnRunQueue = false;
        return td;
    }

    /// <summary>
    /// Run the scheduler until nothing is runnable and no timeout is pending, or until
    /// <paramref name="maxSteps"/> dispatches. Returns the number of dispatches.
    /// </summary>
    public long RunUntilIdle(long maxSteps = long.MaxValue)
    {
        long steps = 0;
        while (steps < maxSteps && HaltStatus == null)
        {
            var td = RunQueuePop();
            if (td == null)
            {
                if (!AdvanceClockToNextTimeout()) break;
                continue;
            }
            Dispatch(td);
            steps++;
        }
        return steps;
    }

    /// <summary>True when something can still happen: a runnable LWP or a pending timeout.</summary>
    public bool HasWork => runHead != null || timeouts.Count > 0;

    private void Dispatch(Lwp td)
    {
        if (td.Stat != LwpStat.LSRUN || td.Proc.Stat == ProcStat.SZOMB) return;
        if (td.Continuation != null) ResumeContinuation(td);
        else if (td.Md == null) Userret(td);
        if (td.Stat == LwpStat.LSRUN && td.Proc.Stat == ProcStat.SACTIVE && td.Md != null && Machine != null)
            Machine.RunQuantum(td);
    }

    private void ResumeContinuation(Lwp td)
    {
        var then = td.Continuation!;
        td.Continuation = null;
        var error = then.Resume(this, td, td.SleepError);
        if (error != Errno.EJUSTRETURN) CompleteSyscall(td, error);
    }

    /// <summary>
    /// A system call that slept has its result: deliver it (into the guest's registers, or to the
    /// API caller through <see cref="Lwp.CompletedError"/>), then handle pending signals (userret).
    /// </summary>
    internal void CompleteSyscall(Lwp td, Errno error)
    {
        td.CompletedError = error;
        if (Probes.Enabled && td.SyscallCode != 0) FireSyscallReturn(td, td.SyscallCode, td.Retval0, error);
        Machine?.SetSyscallReturn(td, error);
        Userret(td);
    }

    /// <summary>Advance ticks to the earliest live timeout and fire it. False when none is pending.</summary>
    private bool AdvanceClockToNextTimeout()
    {
        while (timeouts.TryDequeue(out var entry, out var when))
        {
            var (td, seq) = entry;
            if (td.SleepSeq != seq || td.WChan == null) continue;
            if (when.Tick > Ticks) Ticks = when.Tick;
            Unsleep(td, Errno.EAGAIN);
            return true;
        }
        return false;
    }

    /// <summary>Advance the virtual clock by guest execution (the machine calls this per quantum).</summary>
    public void AddTicks(long n)
    {
        Ticks += n;
        while (timeouts.TryPeek(out var entry, out var when) && when.Tick <= Ticks)
        {
            timeouts.Dequeue();
            if (entry.Lwp.SleepSeq == entry.Seq && entry.Lwp.WChan != null) Unsleep(entry.Lwp, Errno.EAGAIN);
        }
    }
}

/// <summary>What the kernel needs from the machine layer to run guest LWPs.</summary>
public interface IMachine
{
    /// <summary>Run the LWP's guest code for one quantum (until it traps into the kernel or its time runs out).</summary>
    void RunQuantum(Lwp td);
    /// <summary>Write a completed system call's result into the guest's registers (ABI: t0, a0, a1).</summary>
    void SetSyscallReturn(Lwp td, Errno error);
    /// <summary>cpu_fork: give the child LWP a copy of the parent's registers with fork's return values.</summary>
    void CpuFork(Lwp parent, Lwp child);
    /// <summary>sendsig: build a signal frame and enter the handler (<paramref name="faultAddress"/> for traps).</summary>
    void SendSignal(Lwp td, int signo, SigAction action, ulong faultAddress);
    /// <summary>cpu_prepare_lwp: registers for a new LWP of lwp_create.</summary>
    void PrepareLwp(Lwp lp, in LwpParams prm);
    /// <summary>exec_setregs: the new image's registers (entry point, stack pointer in sp and a0).</summary>
    void SetExecRegisters(Lwp td, ulong entry, ulong stackPointer);
    /// <summary>Map the signal trampoline (sigcode) into a new address space.</summary>
    void MapSignalTrampoline(Vm.Vmspace vm);
    /// <summary>sigreturn: restore the registers and mask saved in the ucontext at <paramref name="ucontext"/>.</summary>
    Errno SigReturn(Lwp td, ulong ucontext);
}
