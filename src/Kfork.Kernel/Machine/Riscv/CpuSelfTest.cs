using System.Diagnostics;

namespace Kfork.Machine.Riscv;

/// <summary>A quick speed check of the interpreter, without BenchmarkDotNet.</summary>
public static class CpuSelfTest
{
    /// <summary>
    /// Runs the built-in compute loop for about <paramref name="instructions"/> instructions
    /// (after a short warm-up so the JIT has optimised the loop) and returns millions of
    /// instructions per second.
    /// </summary>
    public static double MeasureMips(long instructions)
    {
        var cpu = new Cpu();
        var mem = new ComputeLoop.Memory();
        long iterations = Math.Max(1, instructions / ComputeLoop.InstructionsPerIteration);
        for (int i = 0; i < 3; i++)
            ComputeLoop.Run(cpu, mem, Math.Min(iterations, 2_000_000));

        var clock = Stopwatch.StartNew();
        long retired = ComputeLoop.Run(cpu, mem, iterations);
        return retired / clock.Elapsed.TotalSeconds / 1e6;
    }
}
