using System.Diagnostics;
using Kfork.Kern;
using Kfork.Machine.Riscv;
using Kfork.Profiles;
using Kfork.Sys;
using Kfork.Vm;

namespace Kfork.Measure;

/// <summary>The figures `kfork bench guest` reports.</summary>
public sealed record GuestBenchResult(double Mips, double Fork1MibMicros, double Fork1GibMicros, double GuestForksPerSec);

/// <summary>
/// The machine's figures: interpreter speed on a compute loop; the cost of fork + exit + wait4 of
/// a process with 1 MiB and with 1 GiB of touched memory (copy-on-write makes them equal); and
/// whole guest fork cycles per second (the forkloop program, interpretation included).
/// </summary>
public static class GuestBench
{
    public static GuestBenchResult Run(Profile profile, byte[] initImage, string guestRoot, int guestForks)
    {
        double mips = CpuSelfTest.MeasureMips(300_000_000);
        ForkWithTouchedMemory(profile, 1L << 20, 50_000); // JIT tiering settles before either figure is taken
        double small = ForkWithTouchedMemory(profile, 1L << 20, 200_000);
        double large = ForkWithTouchedMemory(profile, 1L << 30, 200_000);
        double perSec = GuestForkLoop(profile, initImage, guestRoot, guestForks);
        return new GuestBenchResult(mips, small, large, perSec);
    }

    /// <summary>Microseconds per fork + exit + wait4 of a process whose <paramref name="bytes"/> of anonymous memory are all touched.</summary>
    public static double ForkWithTouchedMemory(Profile profile, long bytes, int cycles)
    {
        var k = new Kernel(new KernelOptions { Profile = profile });
        var td = ForkBench.Parent(k);
        var vm = td.Proc.Vmspace;
        var error = vm.Map(0, (ulong)bytes, Prot.Read | Prot.Write, MapFlags.Anon | MapFlags.Private, out ulong at);
        if (error != Errno.OK) throw new InvalidOperationException($"mmap of {bytes} bytes: {error}");
        Span<byte> one = stackalloc byte[8];
        for (ulong off = 0; off < (ulong)bytes; off += VmParam.PageSize)
        {
            one[0] = (byte)off;
            vm.CopyOut(one, at + off);
        }
        for (int i = 0; i < 20_000; i++) ForkBench.Cycle(k, td);
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < cycles; i++) ForkBench.Cycle(k, td);
        sw.Stop();
        return sw.Elapsed.TotalMicroseconds / cycles;
    }

    /// <summary>Guest fork cycles per second: /bin/forkloop N run under init, timed as a whole.</summary>
    public static double GuestForkLoop(Profile profile, byte[] initImage, string guestRoot, int forks)
    {
        var system = new GuestSystem(new KernelOptions
        {
            Profile = profile,
            RootDirectory = guestRoot,
            ConsoleOut = Stream.Null,
            ConsoleErr = Stream.Null,
            ConsoleIn = Stream.Null,
        });
        system.Boot(initImage, "/bin/forkloop", [forks.ToString()]);
        var sw = Stopwatch.StartNew();
        var result = system.Run(long.MaxValue);
        sw.Stop();
        if (result.Outcome != RunOutcome.Halted || result.ExitCode != 0)
            throw new InvalidOperationException($"forkloop failed: {result.Outcome}, exit {result.ExitCode}");
        return forks / sw.Elapsed.TotalSeconds;
    }
}
