using BenchmarkDotNet.Attributes;
using Kfork.Kern;
using Kfork.Measure;
using Kfork.Profiles;
using Kfork.Sys;

namespace Kfork.Bench;

/// <summary>
/// fork1 + exit1 + wait4 through the API under each profile (target: 2,000,000 cycles per second),
/// with allocations per cycle. Run: dotnet run -c Release --project bench/Kfork.Bench -- --filter '*ForkBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class ForkBenchmarks
{
    private const int CyclesPerInvoke = 1000;
    private Kernel kernel = null!;
    private Lwp parent = null!;

    [Params("freebsd", "dragonfly", "dragonfly-1.74")]
    public string Profile { get; set; } = "freebsd";

    [GlobalSetup]
    public void Setup()
    {
        kernel = ForkBench.BigKernel(Builtin.Find(Profile)!, 1000);
        parent = ForkBench.Parent(kernel);
    }

    [Benchmark(OperationsPerInvoke = CyclesPerInvoke)]
    public void ForkExitWait()
    {
        for (int i = 0; i < CyclesPerInvoke; i++) ForkBench.Cycle(kernel, parent);
    }
}
