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
/// The seed's allocator as written (002_…:303-373; DragonFly's proc_getnewpid is the same scan):
/// keep a range lastpid+1 .. pidchecked-1 known to be free; when it runs out, scan every live and
/// zombie process for the lowest used id above the candidate. O(processes) per rescan.
/// </summary>
public sealed class ScanPidAllocator(Kernel kernel) : IPidAllocator
{
    private int lastpid;
    private int pidchecked;

    /// <summary>Where wrapped-around allocation restarts: above the daemons that never exit (002_…:322-329).</summary>
    public const int WrapFloor = 100;
    /// <summary>RFHIGHPID's floor (002_…:313-314).</summary>
    public const int HighPidFloor = 10;

    public int LastPid => lastpid;
    public PidCursor Save() => new(lastpid, pidchecked);
    public void Restore(PidCursor c) { lastpid = c.LastPid; pidchecked = c.PidChecked; }
    public void Reference(int id, int count) { }
    public void Release(int id, int count) { }

    public Errno Allocate(bool highPid, int randomOffset, out int pid)
    {
        int pidMax = kernel.Profile.PidMax;
        int trypid = lastpid + 1;
        if (highPid) { if (trypid < HighPidFloor) trypid = HighPidFloor; }
        else trypid += randomOffset;

        // DIVERGENCE: the seed retries forever when every id is taken; after one full lap of
        // wrap-arounds without a free id we return EAGAIN instead.
        int wraps = 0;
    retry:
        if (trypid >= pidMax)
        {
            trypid %= pidMax;
            if (trypid < WrapFloor) trypid += WrapFloor;
            pidchecked = 0;
            if (++wraps > 2) { pid = 0; return Errno.EAGAIN; }
        }
        if (trypid >= pidchecked)
        {
            pidchecked = pidMax;
            if (!ScanList(kernel.AllprocFirst, ref trypid) || !ScanList(kernel.ZombprocFirst, ref trypid))
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

public sealed partial class Kernel
{
    /// <summary>The pid allocator in use (boot-time choice).</summary>
    public IPidAllocator PidAllocator { get; private set; }

    private void PidReference(int id, int count) => PidAllocator.Reference(id, count);
    private void PidRelease(int id, int count) => PidAllocator.Release(id, count);
}
