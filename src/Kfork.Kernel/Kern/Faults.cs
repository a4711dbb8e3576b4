using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>The points where fork1 and its helpers can fail; tests make each one fail on demand.</summary>
public enum FaultPoint
{
    /// <summary>A signal arrives while RFPGLOCK holds the group lock: ERESTART (001_…:309-312).</summary>
    PgrpLockSignalRace,
    /// <summary>nprocs reached maxproc (002_…:262, 001_…:323).</summary>
    MaxProc,
    /// <summary>chgproccnt refuses: RLIMIT_NPROC (002_…:276, 001_…:341).</summary>
    UidProcLimit,
    /// <summary>No free pid.</summary>
    PidExhausted,
    /// <summary>The proc structure cannot be allocated (zalloc/kmalloc; DIVERGENCE: M_WAITOK cannot fail in the seeds).</summary>
    ProcAlloc,
    /// <summary>The sigacts copy cannot be allocated.</summary>
    SigactsAlloc,
    /// <summary>The descriptor table copy cannot be allocated (fdcopy/fdinit).</summary>
    FiledescAlloc,
    /// <summary>vm_fork cannot copy the address space.</summary>
    VmFork,
    /// <summary>The LWP or its thread cannot be allocated (lwp_fork).</summary>
    LwpAlloc,
    /// <summary>lwp_create's copyout of the tid fails (001_…:201-206).</summary>
    LwpCreateCopyout,
}

/// <summary>
/// Fault injection: arm a point to fail on its Nth hit. Checking costs one field read when nothing
/// is armed, so fork1's fast path does not pay for it.
/// </summary>
public sealed class FaultInjector
{
    private FaultPoint armedPoint;
    private int countdown;

    /// <summary>True while some point is armed.</summary>
    public bool Armed { get; private set; }

    /// <summary>Make <paramref name="point"/> fail on its <paramref name="hit"/>-th hit (1 = the next one).</summary>
    public void Arm(FaultPoint point, int hit = 1)
    {
        armedPoint = point;
        countdown = hit;
        Armed = true;
    }

    public void Disarm() => Armed = false;

    /// <summary>Called at a fault point; true when this hit must fail (the point then disarms).</summary>
    public bool ShouldFail(FaultPoint point)
    {
        if (!Armed || point != armedPoint || --countdown > 0) return false;
        Armed = false;
        return true;
    }
}
