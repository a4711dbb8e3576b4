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
        root.Subcommands.Add(PsCommand.Create());
        root.Subcommands.Add(PstreeCommand.Create());
        root.Subcommands.Add(VmstatCommand.Create());
        root.Subcommands.Add(SysctlCommand.Create());
        root.Subcommands.Add(ProcstatCommand.Create());
        root.Subcommands.Add(ProbesCommand.Create());
        root.Subcommands.Add(KtraceCommand.Create());
        root.Subcommands.Add(KdumpCommand.Create());
        root.Subcommands.Add(TraceCommand.Create());
        root.Subcommands.Add(DiffCommand.Create());
        root.Subcommands.Add(DdbCommand.Create());
        var parse = root.Parse(args);
        // A parse error is one line on stderr (and exit 1), not the line buried under the help text.
        if (parse.Action is System.CommandLine.Invocation.ParseErrorAction onError) onError.ShowHelp = false;
        return parse.Invoke();
    }
}
