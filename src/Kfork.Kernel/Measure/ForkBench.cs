using System.Diagnostics;
using Kfork.Kern;
using Kfork.Profiles;
using Kfork.Sys;

namespace Kfork.Measure;

/// <summary>The figures `kfork bench fork` reports (and docs/performance.md keeps).</summary>
public sealed record ForkBenchResult(string Profile, long Cycles, double CyclesPerSec, double BytesPerCycle, int IdleProcs, double BytesPerIdleProc);

/// <summary>
/// fork1 + exit1 + wait4 through the API, and the memory held by idle (sleeping) processes.
/// Plain Stopwatch measurements for the CLI; BenchmarkDotNet runs the same loops in bench/.
/// </summary>
public static class ForkBench
{
    /// <summary>A kernel whose pid space and process table fit <paramref name="procs"/> processes.</summary>
    public static Kernel BigKernel(Profile profile, int procs) =>
        new(new KernelOptions
        {
            Profile = profile with { PidMax = Math.Max(profile.PidMax, procs * 2 + 1000) },
            Tunables = new Dictionary<string, string> { ["kern.maxproc"] = (procs + 100).ToString() },
        });

    /// <summary>
    /// The process the cycles fork from: a root shell forked from init in a session of its own
    /// (not init itself, whose children the kernel reaps at once).
    /// </summary>
    public static Lwp Parent(Kernel k)
    {
        var init = k.InitProc.MainLwp;
        k.SysFork(init);
        var sh = k.Pfind((int)init.Retval0)!;
        k.SetSid(sh.MainLwp);
        return sh.MainLwp;
    }

    /// <summary>One fork + exit + wait4 cycle from <paramref name="td"/>.</summary>
    public static void Cycle(Kernel k, Lwp td)
    {
        k.SysFork(td);
        var child = k.Pfind((int)td.Retval0)!;
        k.SysExit(child.MainLwp, 0);
        k.SysWait4(td, child.Pid, 0, 0);
    }

    public static ForkBenchResult Run(Profile profile, long cycles, int idleProcs)
    {
        var (perSec, bytesPerCycle) = MeasureCycles(profile, cycles);
        double perIdle = MeasureIdle(profile, idleProcs);
        return new ForkBenchResult(profile.Name, cycles, perSec, bytesPerCycle, idleProcs, perIdle);
    }

    private static (double PerSec, double BytesPerCycle) MeasureCycles(Profile profile, long cycles)
    {
        var k = BigKernel(profile, 1000);
        var td = Parent(k);
        for (int i = 0; i < 10_000; i++) Cycle(k, td); // warm up the JIT and the tables
        long bytes0 = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        for (long i = 0; i < cycles; i++) Cycle(k, td);
        sw.Stop();
        long bytes = GC.GetAllocatedBytesForCurrentThread() - bytes0;
        Invariants.Check(k);
        return (cycles / sw.Elapsed.TotalSeconds, (double)bytes / cycles);
    }

    /// <summary>
    /// Fork <paramref name="count"/> children that each sleep in nanosleep, and divide the growth
    /// of the live heap by their number.
    /// </summary>
    public static double MeasureIdle(Profile profile, int count)
    {
        var k = BigKernel(profile, count);
        var td = Parent(k);
        long before = LiveHeap();
        for (int i = 0; i < count; i++)
        {
            k.SysFork(td);
            var child = k.Pfind((int)td.Retval0)!;
            k.SysNanosleep(child.MainLwp, 3600, 0);
        }
        long after = LiveHeap();
        if (k.Sleepers != count) throw new InvalidOperationException($"expected {count} sleepers, found {k.Sleepers}");
        GC.KeepAlive(k);
        return (double)(after - before) / count;
    }

    private static long LiveHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
