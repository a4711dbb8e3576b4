using Kfork.Cli.Workloads;
using Kfork.Kern;
using Kfork.Machine.Riscv;
using Kfork.Profiles;

namespace Kfork.Cli.Commands;

/// <summary>What `kfork run` (and the tools that look at a guest run) boot with.</summary>
/// <param name="ProgramOutput">Where the guest's stdout goes: the host's stdout when null
/// (`kfork run`); the inspection tools send it to stderr so their listings stay parseable.</param>
/// <param name="ProgramInput">What the guest's stdin reads: the host's stdin when null; empty
/// under ddb, whose prompt reads the host's stdin.</param>
internal sealed record GuestRunOptions(Profile Profile, string? Root, string[] Sysctls, ulong Seed, long MaxInstructions,
    Stream? ProgramOutput = null, Stream? ProgramInput = null);

/// <summary>A guest program run: a booted GuestSystem whose kernel tools can watch, then Run.</summary>
internal sealed class GuestWorkload : IWorkload
{
    private readonly GuestSystem system;
    private readonly GuestRunOptions options;

    private GuestWorkload(GuestSystem system, GuestRunOptions options)
    {
        this.system = system;
        this.options = options;
    }

    public Kernel Kernel => system.Kernel;

    public static GuestWorkload Create(GuestRunOptions options, string path, string[] args)
    {
        var root = options.Root ?? GuestTree.DefaultRoot()
            ?? throw new UsageException("no guest programs found: run guest/build.sh, or give --root DIR");
        if (!Directory.Exists(root)) throw new UsageException($"--root: no such directory: {root}");
        if (!path.StartsWith('/')) throw new UsageException($"PATH must be absolute in the guest (got '{path}')");
        var init = GuestTree.InitImage(root)
            ?? throw new UsageException($"no init program: neither {root}/bin/init nor the built guest/build/bin/init exists");
        var system = new GuestSystem(new KernelOptions
        {
            Profile = options.Profile,
            Seed = options.Seed,
            Tunables = ParseSysctls(options.Sysctls),
            RootDirectory = Path.GetFullPath(root),
            ConsoleIn = options.ProgramInput ?? Console.OpenStandardInput(),
            ConsoleOut = options.ProgramOutput ?? Console.OpenStandardOutput(),
            ConsoleErr = Console.OpenStandardError(),
        });
        system.Boot(File.ReadAllBytes(init), path, args);
        return new GuestWorkload(system, options);
    }

    /// <summary>Run to the end; the exit code is the program's (128 + signo for a signal).</summary>
    public int Run()
    {
        var result = system.Run(options.MaxInstructions);
        switch (result.Outcome)
        {
            case RunOutcome.Timeout:
                Console.Error.WriteLine($"kfork: stopped after {result.Instructions:N0} instructions (--max-instructions); the program did not finish");
                return 124;
            case RunOutcome.Deadlock:
                Console.Error.WriteLine("kfork: every process is asleep with nothing to wake it (deadlock)");
                return 125;
            default:
                return result.ExitCode;
        }
    }

    private static Dictionary<string, string> ParseSysctls(string[] settings)
    {
        var d = new Dictionary<string, string>();
        foreach (var s in settings)
        {
            int eq = s.IndexOf('=');
            if (eq <= 0 || eq == s.Length - 1) throw new UsageException($"--sysctl expects NAME=VALUE (got '{s}')");
            d[s[..eq]] = s[(eq + 1)..];
        }
        return d;
    }
}

/// <summary>Where the built guest programs live: guest/build of the source tree the CLI was built from.</summary>
internal static class GuestTree
{
    public static string? DefaultRoot() => GuestSystem.BuiltGuestRoot();

    /// <summary>The root's /bin/init, else the built one.</summary>
    public static string? InitImage(string root)
    {
        var own = Path.Combine(root, "bin", "init");
        if (File.Exists(own)) return own;
        var built = DefaultRoot();
        return built != null && File.Exists(Path.Combine(built, "bin", "init")) ? Path.Combine(built, "bin", "init") : null;
    }
}
