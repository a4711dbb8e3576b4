using System.CommandLine;
using Kfork.Cli.Compare;
using Kfork.Cli.Probing;
using Kfork.Cli.Render;
using Kfork.Cli.Workloads;
using Kfork.Profiles;

namespace Kfork.Cli.Commands;

/// <summary>
/// `kfork diff [--profiles A,B,...] [-U N] [--json] WORKLOAD`: the workload under each profile,
/// and where the outcomes differ from the first profile's: the probe events aligned (syscall
/// results, pids, signals, sleeps), then counters and sysctls, console messages, exit codes.
/// </summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var profiles = CommonOptions.ForTool(new Option<string>("--profiles") { HelpName = "A,B,...", Description = "Profiles to compare, comma-separated; the first is the base", DefaultValueFactory = _ => "freebsd,dragonfly" });
        var context = CommonOptions.ForTool(new Option<int>("--context", "-U") { HelpName = "N", Description = "Unchanged events shown around each difference", DefaultValueFactory = _ => 3 });
        var json = CommonOptions.ToolJson();
        var cmd = new Command("diff", "Run a workload under several profiles and show where the outcomes differ") { profiles, context, json };
        WorkloadCatalog.AddTo(cmd, req =>
        {
            var r = req.Parse;
            var chosen = ParseProfiles(r.GetValue(profiles)!);
            int ctx = r.GetValue(context);
            if (ctx < 0) throw new UsageException($"--context must be 0 or more (got {ctx})");
            var outcomes = Progress.ForEach(chosen, p => $"running {req.KindName} under {p.Name}", p => ProfileOutcome.Run(req, p));
            var baseline = outcomes[0];
            var comparisons = outcomes.Skip(1).Select(o => (Other: o, Hunks: SequenceDiff.Hunks(SequenceDiff.Align(baseline.EventKeys, o.EventKeys), ctx))).ToList();
            if (r.GetValue(json)) WriteJson(baseline, comparisons);
            else WriteText(baseline, outcomes, comparisons);
            return 0;
        });
        return cmd;
    }

    private static IReadOnlyList<Profile> ParseProfiles(string list)
    {
        var names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var chosen = names.Select(n => Builtin.Find(n)
            ?? throw new UsageException($"unknown profile '{n}' (expected one of: {string.Join(", ", Builtin.All.Select(p => p.Name))})")).ToList();
        if (chosen.Count < 2) throw new UsageException($"--profiles needs at least two profiles (got '{list}')");
        if (chosen.Distinct().Count() != chosen.Count) throw new UsageException($"--profiles names a profile twice ('{list}')");
        return chosen;
    }

    private static string EventLine(char kind, ProfileOutcome side, int index) =>
        $"{kind} #{side.Events[index].Seq,-4} {side.EventKeys[index]}";

    private static void WriteText(ProfileOutcome baseline, IReadOnlyList<ProfileOutcome> all,
        List<(ProfileOutcome Other, List<List<DiffOp>> Hunks)> comparisons)
    {
        var o = Console.Out;
        o.WriteLine(string.Join("  vs  ", all.Select(x => $"{x.Profile.Name} ({x.Events.Count} events, exit {x.ExitCode})")));
        foreach (var (other, hunks) in comparisons)
        {
            o.WriteLine();
            o.WriteLine($"--- {baseline.Profile.Name}");
            o.WriteLine($"+++ {other.Profile.Name}");
            if (hunks.Count == 0) o.WriteLine("  (the probe events are the same)");
            foreach (var h in hunks)
            {
                o.WriteLine($"@@ {baseline.Profile.Name} #{FirstSeq(h, baseline, true)} {other.Profile.Name} #{FirstSeq(h, other, false)} @@");
                foreach (var op in h)
                    o.WriteLine(op.Kind == '+' ? EventLine('+', other, op.B) : EventLine(op.Kind, baseline, op.A));
            }
        }

        o.WriteLine();
        o.WriteLine("counters and sysctls that differ:");
        var names = all.SelectMany(x => x.Figures.Keys).Distinct().Order(StringComparer.Ordinal);
        var table = new TextTable([("NAME", false), .. all.Select(x => (x.Profile.Name, false))]);
        int rows = 0;
        foreach (var name in names)
        {
            var values = all.Select(x => x.Figures.GetValueOrDefault(name, "-")).ToList();
            if (values.Distinct().Count() == 1) continue;
            table.Add([name, .. values]);
            rows++;
        }
        foreach (var line in rows == 0 ? ["  (none)"] : table.Lines().Select(l => "  " + l)) o.WriteLine(line);

        o.WriteLine();
        o.WriteLine("console messages:");
        foreach (var x in all)
        {
            o.WriteLine(x.Console.Count == 0 ? $"  {x.Profile.Name}: (none)" : $"  {x.Profile.Name}:");
            foreach (var m in x.Console) o.WriteLine($"    {m}");
        }
    }

    private static long FirstSeq(List<DiffOp> hunk, ProfileOutcome side, bool isBase)
    {
        foreach (var op in hunk)
        {
            int i = isBase ? op.A : op.B;
            if (i < side.Events.Count && (isBase ? op.Kind != '+' : op.Kind != '-')) return side.Events[i].Seq;
        }
        return side.Events.Count + 1;
    }

    private static void WriteJson(ProfileOutcome baseline, List<(ProfileOutcome Other, List<List<DiffOp>> Hunks)> comparisons)
    {
        var all = new[] { baseline }.Concat(comparisons.Select(c => c.Other)).ToList();
        JsonOut.Write(new
        {
            base_profile = baseline.Profile.Name,
            runs = all.Select(x => new { profile = x.Profile.Name, exit_code = x.ExitCode, events = x.Events.Count, console = x.Console }),
            comparisons = comparisons.Select(c => new
            {
                profile = c.Other.Profile.Name,
                hunks = c.Hunks.Select(h => h.Select(op => new
                {
                    op = op.Kind.ToString(),
                    seq = op.Kind == '+' ? c.Other.Events[op.B].Seq : baseline.Events[op.A].Seq,
                    @event = op.Kind == '+' ? c.Other.EventKeys[op.B] : baseline.EventKeys[op.A],
                })),
            }),
            figures = all.SelectMany(x => x.Figures.Keys).Distinct().Order(StringComparer.Ordinal)
                .Select(name => (name, values: all.ToDictionary(x => x.Profile.Name, x => x.Figures.GetValueOrDefault(name, "-"))))
                .Where(t => t.values.Values.Distinct().Count() > 1)
                .Select(t => new { t.name, t.values }),
        });
    }
}
