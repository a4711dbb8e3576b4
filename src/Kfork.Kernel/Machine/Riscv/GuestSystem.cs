using Kfork.Kern;
using Kfork.Sys;

namespace Kfork.Machine.Riscv;

/// <summary>How a guest run ended.</summary>
public enum RunOutcome
{
    /// <summary>init exited: <see cref="RunResult.ExitCode"/> is its status as a shell reports it.</summary>
    Halted,
    /// <summary>Every process sleeps with nothing to wake it.</summary>
    Deadlock,
    /// <summary>The instruction budget ran out.</summary>
    Timeout,
}

public readonly record struct RunResult(RunOutcome Outcome, int ExitCode, long Instructions, long Ticks);

/// <summary>
/// A kernel with a RISC-V machine: `kfork run`'s boot. init (pid 1) is the guest init program; it
/// starts the user's program as its child and reaps orphans.
/// </summary>
public sealed class GuestSystem
{
    public Kernel Kernel { get; }
    public RiscvMachine Machine { get; }

    public GuestSystem(KernelOptions options)
    {
        Kernel = new Kernel(options with { InitReapsOrphans = false });
        Machine = new RiscvMachine(Kernel);
        Kernel.Machine = Machine;
    }

    /// <summary>Start init from <paramref name="initImage"/> with argv = [init, program, args...].</summary>
    public void Boot(byte[] initImage, string program, IReadOnlyList<string> args)
    {
        var argv = new List<string> { "init", program };
        argv.AddRange(args);
        Kernel.StartInit("/bin/init", initImage, argv, ["PATH=/bin", "HOME=/", "TERM=dumb"]);
    }

    /// <summary>Run until init exits, everything sleeps for good, or <paramref name="maxInstructions"/> pass.</summary>
    public RunResult Run(long maxInstructions)
    {
        while (Kernel.HaltStatus == null && Machine.Instructions < maxInstructions)
        {
            if (Kernel.RunUntilIdle(1) == 0 && !Kernel.HasWork) break;
        }
        var outcome = Kernel.HaltStatus != null ? RunOutcome.Halted
            : Machine.Instructions >= maxInstructions ? RunOutcome.Timeout : RunOutcome.Deadlock;
        return new RunResult(outcome, ExitCode(Kernel.HaltStatus ?? 0), Machine.Instructions, Kernel.Ticks);
    }

    /// <summary>
    /// guest/build of the source tree this assembly was built from: the guest SDK's output, a root
    /// with /bin/init and the programs; null when guest/build.sh has not run.
    /// </summary>
    public static string? BuiltGuestRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "guest", "build");
            if (File.Exists(Path.Combine(candidate, "bin", "init"))) return candidate;
        }
        return null;
    }

    /// <summary>A shell's view of a wait status: the exit code, or 128 + the signal.</summary>
    public static int ExitCode(int status) => Wait.IfSignaled(status) ? 128 + Wait.TermSig(status) : Wait.ExitStatus(status);
}
