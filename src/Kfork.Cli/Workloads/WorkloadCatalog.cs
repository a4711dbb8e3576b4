using System.CommandLine;
using Kfork.Cli.Commands;

namespace Kfork.Cli.Workloads;

/// <summary>
/// Every workload the tools can run, and how a tool gets one subcommand per workload:
/// `kfork ps [tool options] demo [-p P]`. A new workload is one more entry in <see cref="All"/>.
/// </summary>
public static class WorkloadCatalog
{
    public static IReadOnlyList<WorkloadKind> All { get; } =
    [
        new DemoKind(),
        new GuestKind(),
    ];

    /// <summary>
    /// Add a subcommand per workload kind under <paramref name="tool"/>; each runs
    /// <paramref name="action"/> guarded (a user error is one line and exit 2).
    /// </summary>
    public static void AddTo(Command tool, Func<WorkloadRequest, int> action)
    {
        foreach (var kind in All)
        {
            var binding = kind.Bind();
            var sub = new Command(kind.Name, kind.Description);
            binding.AddSymbolsTo(sub);
            sub.SetAction(r => CommonOptions.Guarded(() => action(new WorkloadRequest(kind, binding, r))));
            tool.Subcommands.Add(sub);
        }
    }
}
