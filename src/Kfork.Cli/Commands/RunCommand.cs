using System.CommandLine;
using Kfork.Cli.Workloads;

namespace Kfork.Cli.Commands;

/// <summary>
/// `kfork run [--profile P] [--root DIR] [--sysctl NAME=VALUE]... PATH [ARGS...]`: boot, init
/// (pid 1) starts PATH with ARGS as its child and reaps orphans; kfork exits with the program's
/// code (128 + signo when a signal ended it), as GUEST_ABI.md specifies. The options are the
/// guest workload's (<see cref="GuestKind"/>), shared with every tool's `run` subcommand.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var binding = GuestKind.BindForRun();
        var cmd = new Command("run", "Run a RISC-V guest program under a profile");
        binding.AddSymbolsTo(cmd);
        cmd.SetAction(r => CommonOptions.Guarded(() => binding.Create(r).Run()));
        return cmd;
    }
}
