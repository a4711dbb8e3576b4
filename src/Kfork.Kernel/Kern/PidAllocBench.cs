using System.Diagnostics;
using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>
/// A stand-in for allproc and zombproc: fake processes linked through the same
/// <see cref="Proc.ListNext"/> fields the kernel uses, so <see cref="ScanPidAllocator"/> can run
/// against a process table without a whole kernel (the benchmark, the differential tests).
/// </summary>
internal sealed class ProcListModel
{
    private Proc? allprocHead, zombprocHead;

    public Proc? AllprocFirst => allprocHead;
    public Proc? ZombprocFirst => zombprocHead;

    /// <summary>A scan allocator reading these lists.</summary>
    public ScanPidAllocator NewScanAllocator(int pidMax) => new(pidMax, () => allprocHead, () => zombprocHead);

    /// <summary>A fake process in <paramref name="pgrp"/>, put at the head of allproc as fork1 does (002_…:378).</summary>
    public Proc AddLive(int pid, Pgrp pgrp)
    {
        var p = new Proc { Pid = pid, Pgrp = pgrp, Stat = ProcStat.SACTIVE };
        Insert(ref allprocHead, p);
        return p;
    }

    /// <summary>exit1: from allproc to the head of zombproc; its ids stay in use.</summary>
    public void MoveToZombies(Proc p)
    {
        Remove(ref allprocHead, p);
        p.Stat = ProcStat.SZOMB;
        Insert(ref zombprocHead, p);
    }

    /// <summary>The reap: the zombie leaves zombproc and its ids are no longer seen.</summary>
    public void RemoveZombie(Proc p) => Remove(ref zombprocHead, p);

    private static void Insert(ref Proc? head, Proc p)
    {
        p.ListPrev = null;
        p.ListNext = head;
        if (head != null) head.ListPrev = p;
        head = p;
    }

    private static void Remove(ref Proc? head, Proc p)
    {
        if (p.ListPrev != null) p.ListPrev.ListNext = p.ListNext; else head = p.ListNext;
        if (p.ListNext != null) p.ListNext.ListPrev = p.ListPrev;
        p.ListNext = p.ListPrev = null;
    }
}

/// <summary>One measurement: an allocator ("bitmap" or "scan") with this many live processes holding ids.</summary>
public sealed record PidBenchRow(string Allocator, int Live, int PidMax, double NsPerAlloc, long Iterations);

/// <summary>
/// A plain Stopwatch benchmark of pid allocation for `kfork bench pid`: the steady-state cost of
/// allocate + reference + release of one pid while <c>Live</c> processes (every 10th a group
/// leader, every 100th a session leader) hold ids, for both allocators in one process so the
/// ratios compare. The BenchmarkDotNet suite (bench/Kfork.Bench) measures the same operation.
/// </summary>
public static class PidAllocBench
{
    /// <summary>Live-process counts measured by default: 100, 10,000, 90,000 and a table with 8 free ids.</summary>
    public static IReadOnlyList<int> DefaultLive(int pidMax) => [100, 10_000, 90_000, NearlyFull(pidMax)];

    /// <summary>Every id below PID_MAX used except <paramref name="free"/>.</summary>
    public static int NearlyFull(int pidMax, int free = 8) => pidMax - 1 - free;

    /// <summary>
    /// Measure each allocator at each live count: the median ns per allocation of
    /// <paramref name="runs"/> timed batches, each grown until it lasts <paramref name="batchMs"/>.
    /// The scan is measured only up to <paramref name="scanMaxLive"/> live processes: on a nearly
    /// full table one of its allocations takes from a second to tens of seconds (the
    /// BenchmarkDotNet suite measures it).
    /// </summary>
    public static IReadOnlyList<PidBenchRow> Run(int pidMax = 99_999, IReadOnlyList<int>? live = null,
        int runs = 5, int batchMs = 20, ulong seed = 1, int scanMaxLive = 90_000)
    {
        var rows = new List<PidBenchRow>();
        Warmup(pidMax, seed);
        foreach (int n in live ?? DefaultLive(pidMax))
            foreach (var kind in (ReadOnlySpan<PidAllocatorKind>)[PidAllocatorKind.Fast, PidAllocatorKind.Reference])
            {
                if (kind == PidAllocatorKind.Reference && n > scanMaxLive) continue;
                var a = PidBenchSetup.Populate(kind, pidMax, n, seed);
                var (ns, iters) = Median(a, runs, TimeSpan.FromMilliseconds(batchMs));
                rows.Add(new PidBenchRow(Kernel.PidAllocatorName(kind), n, pidMax, ns, iters));
            }
        return rows;
    }

    /// <summary>
    /// Run both allocators' paths long enough for tiered compilation to reach optimized code, so
    /// the first row is not measured in tier-0 code.
    /// </summary>
    private static void Warmup(int pidMax, ulong seed)
    {
        foreach (var kind in (ReadOnlySpan<PidAllocatorKind>)[PidAllocatorKind.Fast, PidAllocatorKind.Reference])
        {
            var a = PidBenchSetup.Populate(kind, pidMax, Math.Min(1000, pidMax / 2), seed);
            var sw = Stopwatch.StartNew();
            while (sw.ElapsedMilliseconds < 250) TimeBatch(a, 1000);
        }
    }

    /// <summary>The steady-state operation: allocate a pid, reference it as the child would, release it as its reap would.</summary>
    public static void AllocOnce(IPidAllocator a)
    {
        if (a.Allocate(false, 0, out int pid) != Errno.OK) throw new InvalidOperationException("pid table full");
        a.Reference(pid, 1);
        a.Release(pid, 1);
    }

    private static (double Ns, long Iterations) Median(IPidAllocator a, int runs, TimeSpan batch)
    {
        long n = Calibrate(a, batch);
        var samples = new double[runs];
        for (int r = 0; r < runs; r++) samples[r] = TimeBatch(a, n).TotalNanoseconds / n;
        Array.Sort(samples);
        return (samples[runs / 2], n * runs);
    }

    /// <summary>The batch size that lasts about <paramref name="batch"/> (1 for an allocator slower than that).</summary>
    private static long Calibrate(IPidAllocator a, TimeSpan batch)
    {
        long n = 1;
        while (true)
        {
            var t = TimeBatch(a, n);
            if (t >= batch) return n;
            n = t.Ticks <= 0 ? n * 16 : Math.Max(n * 2, (long)(n * (batch / t) * 1.1));
        }
    }

    private static TimeSpan TimeBatch(IPidAllocator a, long n)
    {
        var sw = Stopwatch.StartNew();
        for (long i = 0; i < n; i++) AllocOnce(a);
        return sw.Elapsed;
    }
}

/// <summary>The populated tables the Stopwatch bench and the BenchmarkDotNet suite share.</summary>
public static class PidBenchSetup
{
    /// <summary>Processes per group leader and per session leader.</summary>
    public const int GroupEvery = 10, SessionEvery = 100;

    /// <summary>
    /// An allocator of <paramref name="kind"/> whose table holds <paramref name="live"/> processes:
    /// ids 1..99 (the daemons below the wrap floor) then random ids above, listed in random order
    /// as a long-running system's allproc is; lastpid starts at a random id ≥ 100.
    /// </summary>
    public static IPidAllocator Populate(PidAllocatorKind kind, int pidMax, int live, ulong seed = 1)
    {
        var rng = new Random((int)seed);
        int[] ids = SampleIds(pidMax, live, rng);
        var model = new ProcListModel();
        IPidAllocator a = kind == PidAllocatorKind.Fast ? new BitmapPidAllocator(pidMax) : model.NewScanAllocator(pidMax);
        Session? session = null;
        Pgrp? pgrp = null;
        for (int i = 0; i < ids.Length; i++)
        {
            int pid = ids[i];
            if (i % SessionEvery == 0) session = new Session { Id = pid, Count = 0 };
            if (i % GroupEvery == 0) { pgrp = new Pgrp { Id = pid, Session = session! }; session!.Count++; }
            pgrp!.MemberCount++;
            model.AddLive(pid, pgrp);
            a.Reference(pid, 1);
            a.Reference(pgrp.Id, 1);
            a.Reference(session!.Id, 1);
        }
        a.Restore(new PidCursor(rng.Next(PidRules.WrapFloor, pidMax), 0));
        return a;
    }

    /// <summary><paramref name="live"/> distinct ids from 1..PID_MAX-1, the low ones first, then shuffled.</summary>
    private static int[] SampleIds(int pidMax, int live, Random rng)
    {
        Debug.KAssert(live <= pidMax - 1, "bench: more processes than ids");
        var pool = new int[pidMax - 1];
        for (int i = 0; i < pool.Length; i++) pool[i] = i + 1;
        int low = Math.Min(live, PidRules.WrapFloor - 1);
        // Partial Fisher-Yates over the ids ≥ 100 picks the rest.
        for (int i = low; i < live; i++)
        {
            int j = rng.Next(i, pool.Length);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        var ids = pool[..live];
        rng.Shuffle(ids);
        return ids;
    }
}
