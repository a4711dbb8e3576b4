using System.CommandLine;
using Kfork.Cli.Commands;
using Kfork.Profiles;

namespace Kfork.Cli.Workloads;

/// <summary>`... demo [-p PROFILE] [--seed N]`: the built-in fork/exit/wait workload.</summary>
public sealed class DemoKind : WorkloadKind
{
    public override string Name => "demo";
    public override string Description => "The built-in workload: forks, exits, waits, an orphan, vfork, rfork, a refused fork";

    public override WorkloadBinding Bind() => new Binding();

    private sealed class Binding : WorkloadBinding
    {
        private readonly Option<string> profile = CommonOptions.Profile();
        private readonly Option<ulong> seed = CommonOptions.Seed();

        public override IEnumerable<Symbol> Symbols => [profile, seed];

        public override Profile Profile(ParseResult r) => CommonOptions.ResolveProfile(r.GetValue(profile)!);

        public override IWorkload Create(ParseResult r, WorkloadSettings? settings = null) =>
            new DemoWorkloadAdapter(settings?.Profile ?? Profile(r), r.GetValue(seed));

        public override string Describe(ParseResult r) => $"demo seed {r.GetValue(seed)}";
    }
}
