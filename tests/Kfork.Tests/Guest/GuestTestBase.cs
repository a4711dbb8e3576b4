using System.Text;
using Kfork.Kern;
using Kfork.Machine.Riscv;
using Kfork.Profiles;

namespace Kfork.Tests.Guest;

/// <summary>Boots a guest system on the built guest programs (guest/build, made by ./test.sh) and captures its console.</summary>
public abstract class GuestTestBase
{
    public static TheoryData<string> AllProfiles => new(Builtin.All.Select(p => p.Name));

    /// <summary>guest/build of this source tree; the tests need it built (./test.sh does).</summary>
    protected static string GuestRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "guest", "build");
                if (File.Exists(Path.Combine(candidate, "bin", "init"))) return candidate;
            }
            throw new InvalidOperationException("guest programs are not built: run guest/build.sh (./test.sh does)");
        }
    }

    protected sealed record GuestRun(RunResult Result, string Stdout, string Stderr, GuestSystem System);

    protected static GuestRun Run(string profile, string program, string[]? args = null, long maxInstructions = 2_000_000_000,
        IReadOnlyDictionary<string, string>? sysctls = null, string stdin = "")
    {
        var root = GuestRoot;
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var system = new GuestSystem(new KernelOptions
        {
            Profile = Builtin.Find(profile)!,
            RootDirectory = root,
            Tunables = sysctls ?? new Dictionary<string, string>(),
            ConsoleIn = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stdin)),
            ConsoleOut = stdout,
            ConsoleErr = stderr,
        });
        system.Boot(File.ReadAllBytes(Path.Combine(root, "bin", "init")), program, args ?? []);
        var result = system.Run(maxInstructions);
        Invariants.Check(system.Kernel);
        return new GuestRun(result, System.Text.Encoding.UTF8.GetString(stdout.ToArray()), System.Text.Encoding.UTF8.GetString(stderr.ToArray()), system);
    }
}
