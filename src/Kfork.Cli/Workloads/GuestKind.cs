using System.CommandLine;
using Kfork.Cli.Commands;
using Kfork.Profiles;

namespace Kfork.Cli.Workloads;

/// <summary>
/// `... run [--profile P] [--root DIR] [--sysctl N=V]... [--seed N] [--max-instructions N] PATH [ARGS...]`:
/// a RISC-V guest program (<see cref="GuestWorkload"/>). `kfork run` itself uses these same
/// options, so the tools and `run` accept exactly the same command line after the word `run`.
/// </summary>
public sealed class GuestKind : WorkloadKind
{
    public override string Name => "run";
    public override string Description => "A RISC-V guest program run by init (as `kfork run`); put the tool's options before `run`";

    public override WorkloadBinding Bind() => new Binding(forTool: true);

    /// <summary>The options for `kfork run` itself: the program's output is the command's output.</summary>
    internal static WorkloadBinding BindForRun() => new Binding(forTool: false);

    /// <param name="forTool">Under a tool the guest's stdout goes to stderr: stdout is the listing's.</param>
    private sealed class Binding(bool forTool) : WorkloadBinding
    {
        private readonly Option<string> profile = CommonOptions.Profile();
        private readonly Option<string?> root = new("--root") { Description = "Host directory the guest sees as / (default: the built guest programs)" };
        private readonly Option<string[]> sysctl = new("--sysctl") { Description = "Boot-time sysctl NAME=VALUE (repeatable)", AllowMultipleArgumentsPerToken = false };
        private readonly Option<ulong> seed = CommonOptions.Seed();
        private readonly Option<long> maxInsns = new("--max-instructions") { Description = "Stop a runaway run after this many guest instructions", DefaultValueFactory = _ => 20_000_000_000 };
        private readonly Argument<string> path = new("PATH") { Description = "The program to run, as the guest sees it (e.g. /bin/hello)" };
        private readonly Argument<string[]> args = new("ARGS") { Description = "Its arguments (put options of kfork before PATH)", Arity = ArgumentArity.ZeroOrMore };

        public override IEnumerable<Symbol> Symbols => [profile, root, sysctl, seed, maxInsns, path, args];

        public override Profile Profile(ParseResult r) => CommonOptions.ResolveProfile(r.GetValue(profile)!);

        public override IWorkload Create(ParseResult r, WorkloadSettings? settings = null) =>
            GuestWorkload.Create(
                new GuestRunOptions(settings?.Profile ?? Profile(r), r.GetValue(root), r.GetValue(sysctl) ?? [], r.GetValue(seed), r.GetValue(maxInsns),
                    ProgramOutput: forTool ? Console.OpenStandardError() : null,
                    ProgramInput: settings is { ProgramReadsStdin: false } ? Stream.Null : null),
                r.GetValue(path)!, r.GetValue(args) ?? []);

        public override string Describe(ParseResult r) =>
            $"run {string.Join(' ', new[] { r.GetValue(path)! }.Concat(r.GetValue(args) ?? []))} seed {r.GetValue(seed)}";
    }
}
