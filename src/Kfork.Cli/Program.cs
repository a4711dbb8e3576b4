using System.CommandLine;
using Kfork.Cli.Commands;

namespace Kfork.Cli;

/// <summary>The `kfork` command: the kernel library's front end.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("Kfork: the BSD process-creation subsystem (kern_fork.c and friends) as a user-space kernel.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ProfilesCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        return root.Parse(args).Invoke();
    }
}
