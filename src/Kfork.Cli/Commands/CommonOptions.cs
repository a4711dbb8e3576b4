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
