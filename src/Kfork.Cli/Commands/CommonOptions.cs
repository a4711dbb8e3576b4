using System.CommandLine;
using Kfork.Kern;
using Kfork.Profiles;

namespace Kfork.Cli.Commands;

/// <summary>Options several commands share, and the way every command reports a user error.</summary>
internal static class CommonOptions
{
    public static Option<string> Profile() => new("--profile", "-p")
    {
        Description = "Kernel profile: " + string.Join(", ", Builtin.All.Select(p => p.Name)),
        DefaultValueFactory = _ => "freebsd",
        Validators =
        {
            r =>
            {
                var v = r.GetValueOrDefault<string>();
                if (Builtin.Find(v) == null)
                    r.AddError($"unknown profile '{v}' (expected one of: {string.Join(", ", Builtin.All.Select(p => p.Name))})");
            },
        },
    };

    public static Option<bool> Json() => new("--json") { Description = "Print machine-readable JSON" };

    public static Option<ulong> Seed() => new("--seed") { Description = "arc4random seed", DefaultValueFactory = _ => 1 };

    /// <summary>
    /// A tool's option, also accepted after the workload subcommand (`kfork ps demo --json`):
    /// tools put their options on themselves and the workload kinds below them.
    /// </summary>
    public static Option<T> ForTool<T>(Option<T> option)
    {
        option.Recursive = true;
        return option;
    }

    /// <summary>`--json` for a listing tool.</summary>
    public static Option<bool> ToolJson() => ForTool(Json());

    /// <summary>`--stop-at PROBE[:N]|step:N`: list the kernel at that moment instead of at the end.</summary>
    public static Option<string?> StopAt() => ForTool(new Option<string?>("--stop-at")
    {
        HelpName = "PROBE[:N]|step:N",
        Description = "Look at the kernel when this probe fires (PROBE, PROBE:N for its Nth firing, step:N for the Nth event)",
    });

    public static Profile ResolveProfile(string name) => Builtin.Find(name)!;

    /// <summary>
    /// Run a command body: a bad configuration is one clear line on stderr and exit 2, never a
    /// stack trace. A kernel panic is a bug and is reported as one.
    /// </summary>
    public static int Guarded(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (KernelConfigException e)
        {
            Console.Error.WriteLine($"kfork: {e.Message}");
            return 2;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"kfork: {e.Message}");
            return 2;
        }
    }
}

/// <summary>A user's mistake on the command line that the parser could not catch.</summary>
internal sealed class UsageException(string message) : Exception(message);
