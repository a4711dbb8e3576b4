using BenchmarkDotNet.Attributes;
using Kfork.Kern;

namespace Kfork.Bench;

/// <summary>
/// The steady-state cost of one pid: allocate (002_…:303-373), reference it as the child would,
/// release it as its reap would, with <see cref="Live"/> processes holding ids (every 10th a
/// group leader, every 100th a session leader) at FreeBSD's PID_MAX 99999. 99,990 live is the
/// nearly full table: 8 free ids. The scan's cost grows with the table; the bitmap's should not.
/// Run: dotnet run -c Release --project bench/Kfork.Bench -- --filter '*PidAlloc*' --job short
/// </summary>
public class PidAllocBenchmarks
{
    private const int PidMax = 99_999;
    private IPidAllocator allocator = null!;

    [Params("bitmap", "scan")]
    public string Allocator { get; set; } = "bitmap";

    [Params(100, 10_000, 90_000, 99_990)]
    public int Live { get; set; }

    [GlobalSetup]
    public void Setup() =>
        allocator = PidBenchSetup.Populate(Kernel.ParsePidAllocatorName(Allocator)!.Value, PidMax, Live);

    [Benchmark]
    public void AllocateReferenceRelease() => PidAllocBench.AllocOnce(allocator);
}
