using System.CommandLine;
using Kfork.Kern;
using Kfork.Machine.Riscv;

namespace Kfork.Cli.Commands;

/// <summary>
/// `kfork run [--profile P] [--root DIR] [--sysctl NAME=VALUE]... PATH [ARGS...]`: boot, init
/// (pid 1) starts PATH with ARGS as its child and reaps orphans; kfork exits with the program's
/// code (128 + signo when a signal ended it), as GUEST_ABI.md specifies.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var profile = CommonOptions.Profile();
        var root = new Option<string?>("--root") { Description = "Host directory the guest sees as / (default: the built guest programs)" };
        var sysctl = new Option<string[]>("--sysctl") { Description = "Boot-time sysctl NAME=VALUE (repeatable)", AllowMultipleArgumentsPerToken = false };
        var seed = new Option<ulong>("--seed") { Description = "arc4random seed", DefaultValueFactory = _ => 1 };
        var maxInsns = new Option<long>("--max-instructions") { Description = "Stop a runaway run after this many guest instructions", DefaultValueFactory = _ => 20_000_000_000 };
        var path = new Argument<string>("PATH") { Description = "The program to run, as the guest sees it (e.g. /bin/hello)" };
        var args = new Argument<string[]>("ARGS") { Description = "Its arguments (put options of kfork before PATH)", Arity = ArgumentArity.ZeroOrMore };
        var cmd = new Command("run", "Run a RISC-V guest program under a profile") { profile, root, sysctl, seed, maxInsns, path, args };
        cmd.SetAction(r => CommonOptions.Guarded(() =>
        {
            var options = new GuestRunOptions(CommonOptions.ResolveProfile(r.GetValue(profile)!), r.GetValue(root),
                r.GetValue(sysctl) ?? [], r.GetValue(seed), r.GetValue(maxInsns));
            return Run(options, r.GetValue(path)!, r.GetValue(args) ?? []);
        }));
        return cmd;
    }

    private static int Run(GuestRunOptions options, string path, string[] args)
    {
        var workload = GuestWorkload.Create(options, path, args);
        return workload.Run();
    }
}
