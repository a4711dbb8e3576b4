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
    protected static string GuestRoot => GuestSystem.BuiltGuestRoot()
        ?? throw new InvalidOperationException("guest programs are not built: run guest/build.sh (./test.sh does)");

    /// <summary>A booted system whose init has not run yet.</summary>
    protected static GuestSystem Boot(string profile, string program, string[]? args = null,
        IReadOnlyDictionary<string, string>? sysctls = null, string stdin = "", Stream? stdout = null, Stream? stderr = null)
    {
        var root = GuestRoot;
        var system = new GuestSystem(new KernelOptions
        {
            Profile = Builtin.Find(profile)!,
            RootDirectory = root,
            Tunables = sysctls ?? new Dictionary<string, string>(),
            ConsoleIn = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stdin)),
            ConsoleOut = stdout ?? Stream.Null,
            ConsoleErr = stderr ?? Stream.Null,
        });
        system.Boot(File.ReadAllBytes(Path.Combine(root, "bin", "init")), program, args ?? []);
        return system;
    }

    protected sealed record GuestRun(RunResult Result, string Stdout, string Stderr, GuestSystem System);

    protected static GuestRun Run(string profile, string program, string[]? args = null, long maxInstructions = 2_000_000_000,
        IReadOnlyDictionary<string, string>? sysctls = null, string stdin = "")
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var system = Boot(profile, program, args, sysctls, stdin, stdout, stderr);
        var result = system.Run(maxInstructions);
        Invariants.Check(system.Kernel);
        return new GuestRun(result, System.Text.Encoding.UTF8.GetString(stdout.ToArray()), System.Text.Encoding.UTF8.GetString(stderr.ToArray()), system);
    }
}
