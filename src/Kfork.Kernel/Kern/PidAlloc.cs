using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>
/// Chooses the pid fork1 gives a new process. An id is in use while any live or zombie process
/// has it as its pid, its process group id or its session id (002_…:344-346); the kernel reports
/// each such use through <see cref="Reference"/> and <see cref="Release"/>.
/// </summary>
public interface IPidAllocator
{
    /// <summary>lastpid (kern.lastpid).</summary>
    int LastPid { get; }

    /// <summary>
    /// The pid for the next child (002_…:303-373): from lastpid + 1 (+ <paramref name="randomOffset"/>),
    /// or from 10 upwards without moving lastpid when <paramref name="highPid"/> (RFHIGHPID).
    /// Does not mark the pid used: the kernel references it when the child becomes visible.
    /// EAGAIN when every id is in use.
    /// </summary>
    Errno Allocate(bool highPid, int randomOffset, out int pid);

    /// <summary>Remember the cursor so a fork that fails later leaves no trace.</summary>
    PidCursor Save();
    void Restore(PidCursor cursor);

    /// <summary><paramref name="count"/> more uses of <paramref name="id"/> as a pid, pgid or sid.</summary>
    void Reference(int id, int count);
    void Release(int id, int count);
}

/// <summary>lastpid and pidchecked: all an allocator's state that Allocate moves.</summary>
public readonly record struct PidCursor(int LastPid, int PidChecked);

/// <summary>
/// The rules both allocators share (002_…:311-331): where the search starts and how a candidate
/// at or past PID_MAX wraps. Pure functions, so the fast allocator cannot drift from the scan.
/// </summary>
public static class PidRules
{
    /// <summary>Where wrapped-around allocation restarts: above the daemons that never exit (002_…:322-329).</summary>
    public const int WrapFloor = 100;
    /// <summary>RFHIGHPID's floor (002_…:313-314).</summary>
    public const int HighPidFloor = 10;

    /// <summary>
    /// trypid before the scan (002_…:311-319): lastpid + 1, raised to 10 for RFHIGHPID, otherwise
    /// plus the random offset. May be ≥ PID_MAX; <see cref="Wrap"/> handles that.
    /// </summary>
    public static int FirstCandidate(int lastpid, bool highPid, int randomOffset)
    {
        int trypid = lastpid + 1;
        if (highPid) return trypid < HighPidFloor ? HighPidFloor : trypid;
        return trypid + randomOffset;
    }

    /// <summary>002_…:326-329: a candidate at or past PID_MAX becomes trypid % PID_MAX, +100 if below 100.</summary>
    public static int Wrap(int trypid, int pidMax)
    {
        trypid %= pidMax;
        return trypid < WrapFloor ? trypid + WrapFloor : trypid;
    }
}

/// <summary>
/// The seed's allocator as written (002_…:303-373; DragonFly's proc_getnewpid is the same scan):
/// keep a range lastpid+1 .. pidchecked-1 known to be free; when it runs out, scan every live and
/// zombie process for the lowest used id above the candidate. O(processes) per rescan.
/// It ignores Reference/Release: the process lists are its truth.
/// </summary>
public sealed class ScanPidAllocator : IPidAllocator
{
    private readonly int pidMax;
    private readonly Func<Proc?> allprocFirst, zombprocFirst;
    private int lastpid;
    private int pidchecked;

    /// <summary>Where wrapped-around allocation restarts (002_…:322-329).</summary>
    public const int WrapFloor = PidRules.WrapFloor;
    /// <summary>RFHIGHPID's floor (002_…:313-314).</summary>
    public const int HighPidFloor = PidRules.HighPidFloor;

    public ScanPidAllocator(Kernel kernel) : this(kernel.Profile.PidMax, () => kernel.AllprocFirst, () => kernel.ZombprocFirst) { }

    /// <summary>
    /// A scan over any pair of process lists: the differential tests and the benchmark drive it
    /// with a model of the process table instead of a whole kernel.
    /// </summary>
    internal ScanPidAllocator(int pidMax, Func<Proc?> allprocFirst, Func<Proc?> zombprocFirst)
    {
        this.pidMax = pidMax;
        this.allprocFirst = allprocFirst;
        this.zombprocFirst = zombprocFirst;
    }

    public int LastPid => lastpid;
    public PidCursor Save() => new(lastpid, pidchecked);
    public void Restore(PidCursor c) { lastpid = c.LastPid; pidchecked = c.PidChecked; }
    public void Reference(int id, int count) { }
    public void Release(int id, int count) { }

    public Errno Allocate(bool highPid, int randomOffset, out int pid)
    {
        int trypid = PidRules.FirstCandidate(lastpid, highPid, randomOffset);

        // DIVERGENCE: the seed retries forever when every id is taken; after one full lap of
        // wrap-arounds without a free id we return EAGAIN instead.
        int wraps = 0;
    retry:
        if (trypid >= pidMax)
        {
            trypid = PidRules.Wrap(trypid, pidMax);
            pidchecked = 0;
            if (++wraps > 2) { pid = 0; return Errno.EAGAIN; }
        }
        if (trypid >= pidchecked)
        {
            pidchecked = pidMax;
            if (!ScanList(allprocFirst(), ref trypid) || !ScanList(zombprocFirst(), ref trypid))
                goto retry;
        }
        if (highPid) pidchecked = 0;
        else lastpid = trypid;
        pid = trypid;
        return Errno.OK;
    }

    /// <summary>
    /// One pass of the scan over a list (002_…:341-359): step trypid past used ids and lower
    /// pidchecked to the lowest used id above it. False when trypid reached pidchecked (retry).
    /// </summary>
    private bool ScanList(Proc? first, ref int trypid)
    {
        for (var p2 = first; p2 != null; p2 = p2.ListNext)
        {
            int pgid = p2.Pgrp.Id, sid = p2.Pgrp.Session.Id;
            while (p2.Pid == trypid || pgid == trypid || sid == trypid)
            {
                trypid++;
                if (trypid >= pidchecked) return false;
            }
            if (p2.Pid > trypid && pidchecked > p2.Pid) pidchecked = p2.Pid;
            if (pgid > trypid && pidchecked > pgid) pidchecked = pgid;
            if (sid > trypid && pidchecked > sid) pidchecked = sid;
        }
        return true;
    }
}

/// <summary>The pid allocators a kernel can boot with.</summary>
public enum PidAllocatorKind
{
    /// <summary><see cref="BitmapPidAllocator"/> ("bitmap"): use counts and a summary bitmap; the default.</summary>
    Fast,
    /// <summary><see cref="ScanPidAllocator"/> ("scan"): the seed's process-list scan, kept as the reference.</summary>
    Reference,
}

public sealed partial class Kernel
{
    /// <summary>The boot tunable that picks the allocator: kern.pid_allocator=bitmap|scan.</summary>
    public const string PidAllocatorTunable = "kern.pid_allocator";

    /// <summary>The pid allocator in use (boot-time choice).</summary>
    public IPidAllocator PidAllocator { get; private set; }

    /// <summary>Which allocator <see cref="PidAllocator"/> is.</summary>
    public PidAllocatorKind PidAllocatorKind { get; private set; }

    /// <summary>Set by the kern.pid_allocator tunable; wins over <see cref="KernelOptions.PidAllocator"/>.</summary>
    private PidAllocatorKind? pidAllocatorTunable;

    /// <summary>The tunable's spelling of a kind.</summary>
    public static string PidAllocatorName(PidAllocatorKind kind) => kind == PidAllocatorKind.Fast ? "bitmap" : "scan";

    /// <summary>Parse "bitmap" or "scan" (any case); null for anything else.</summary>
    public static PidAllocatorKind? ParsePidAllocatorName(string name) =>
        string.Equals(name, "bitmap", StringComparison.OrdinalIgnoreCase) ? PidAllocatorKind.Fast
        : string.Equals(name, "scan", StringComparison.OrdinalIgnoreCase) ? PidAllocatorKind.Reference
        : null;

    /// <summary>kern.pid_allocator at boot; a bad value is a boot error like any bad tunable.</summary>
    private void SelectPidAllocator(string value) =>
        pidAllocatorTunable = ParsePidAllocatorName(value)
            ?? throw new KernelConfigException($"sysctl '{PidAllocatorTunable}': invalid value '{value}' (bitmap or scan)");

    private IPidAllocator CreatePidAllocator()
    {
        PidAllocatorKind = pidAllocatorTunable ?? Options.PidAllocator;
        return PidAllocatorKind == PidAllocatorKind.Fast
            ? new BitmapPidAllocator(Profile.PidMax)
            : new ScanPidAllocator(this);
    }

    private void PidReference(int id, int count) => PidAllocator.Reference(id, count);
    private void PidRelease(int id, int count) => PidAllocator.Release(id, count);
}
