using System.Diagnostics;

namespace Kfork.Machine.Riscv;

/// <summary>A quick speed check of the interpreter, without BenchmarkDotNet.</summary>
public static class CpuSelfTest
{
    /// <summary>
    /// Runs the built-in compute loop for about <paramref name="instructions"/> instructions
    /// (after a warm-up of about half a second) and returns millions of
    /// instructions per second.
    /// </summary>
    public static double MeasureMips(long instructions)
    {
        var cpu = new Cpu();
        var mem = new ComputeLoop.Memory();
        long iterations = Math.Max(1, instructions / ComputeLoop.InstructionsPerIteration);

        // Many short runs for half a second: enough calls for tiered compilation to replace the
        // loop's first versions with the fully optimised one before the clock starts.
        var warmUp = Stopwatch.StartNew();
        while (warmUp.ElapsedMilliseconds < 500)
            ComputeLoop.Run(cpu, mem, 10_000);

        var clock = Stopwatch.StartNew();
        long retired = ComputeLoop.Run(cpu, mem, iterations);
        return retired / clock.Elapsed.TotalSeconds / 1e6;
    }
}
