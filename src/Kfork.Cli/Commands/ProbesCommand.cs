using System.CommandLine;
using Kfork.Cli.Probing;
using Kfork.Cli.Render;
using Kfork.Cli.Workloads;
using Kfork.Kern;
using Kfork.Profiles;

namespace Kfork.Cli.Commands;

/// <summary>
/// `kfork probes [--probe LIST] [--count | --aggregate pid|errno|profile] [--json] WORKLOAD`:
/// DTrace in miniature. Every firing of the chosen probes as one line, or counts.
/// `kfork probes --list` names the probes.
/// </summary>
internal static class ProbesCommand
{
    private static readonly string[] AggregationKeys = ["pid", "errno", "profile"];

    public static Command Create()
    {
        var probe = CommonOptions.ForTool(new Option<string>("--probe", "-P") { HelpName = "LIST", Description = "Probes to watch: names or patterns with *, comma-separated", DefaultValueFactory = _ => "*" });
        var count = CommonOptions.ForTool(new Option<bool>("--count", "-c") { Description = "Count firings per probe instead of printing them" });
        var aggregate = CommonOptions.ForTool(new Option<string?>("--aggregate") { HelpName = "pid|errno|profile", Description = "Count firings per probe and key: pid, errno, or profile (runs every profile)" });
        var list = new Option<bool>("--list", "-l") { Description = "List the probe names and exit" };
        var json = CommonOptions.ToolJson();
        var cmd = new Command("probes", "Watch the kernel's probe points fire during a workload") { probe, count, aggregate, list, json };
        cmd.SetAction(r =>
        {
            if (!r.GetValue(list))
            {
                Console.Error.WriteLine("kfork: probes needs a workload (e.g. kfork probes demo) or --list");
                return 2;
            }
            foreach (var id in ProbeNames.All) Console.Out.WriteLine(id);
            return 0;
        });
        WorkloadCatalog.AddTo(cmd, req =>
        {
            var r = req.Parse;
            var ids = ProbeNames.ParsePatterns(r.GetValue(probe)!);
            var key = r.GetValue(aggregate);
            if (key != null && !AggregationKeys.Contains(key))
                throw new UsageException($"unknown aggregation key '{key}' (expected one of: {string.Join(", ", AggregationKeys)})");
            if (key != null && r.GetValue(count)) throw new UsageException("choose --count or --aggregate, not both");
            if (key == "profile") return ByProfile(req, ids, r.GetValue(json));
            var events = Record(req.Create(), ids);
            if (r.GetValue(count)) key = "";
            if (key != null) return Aggregate(events, key, r.GetValue(json));
            if (r.GetValue(json))
            {
                JsonOut.Write(new { profile = req.Profile.Name, events = events.Select(EventJson) });
                return 0;
            }
            Console.Out.WriteLine($"{"SEQ",6} {"TICK",6}  {"PROBE",-16}  WHERE             DETAILS");
            foreach (var e in events) Console.Out.WriteLine(ProbeText.Line(e.Seq, e.Event));
            return 0;
        });
        return cmd;
    }

    /// <summary>Run the workload and keep the events of the chosen probes (numbered among all events).</summary>
    public static List<RecordedEvent> Record(IWorkload w, HashSet<ProbeId> ids)
    {
        var recorder = ProbeRecorder.Attach(w.Kernel);
        w.Run();
        return recorder.Events.Where(e => ids.Contains(e.Event.Id)).ToList();
    }

    public static object EventJson(RecordedEvent r) => new
    {
        seq = r.Seq,
        tick = r.Event.Tick,
        probe = r.Event.Id.ToString(),
        pid = r.Event.Pid,
        tid = r.Event.Tid,
        pid2 = r.Event.Pid2,
        arg0 = r.Event.Arg0,
        arg1 = r.Event.Arg1,
        errno = r.Event.Error.ToString(),
        text = r.Event.Text,
        details = ProbeText.Details(r.Event),
    };

    /// <summary>`--count` (empty key) or `--aggregate pid|errno`: counts per (probe, key), in probe then key order.</summary>
    private static int Aggregate(List<RecordedEvent> events, string key, bool json)
    {
        Func<ProbeEvent, string> keyOf = key switch
        {
            "pid" => e => e.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "errno" => e => e.Error.ToString(),
            _ => _ => "",
        };
        var rows = events.GroupBy(e => (e.Event.Id, Key: keyOf(e.Event)))
            .OrderBy(g => g.Key.Id).ThenBy(g => key == "pid" ? g.Key.Key.PadLeft(10) : g.Key.Key, StringComparer.Ordinal)
            .Select(g => (g.Key.Id, g.Key.Key, Count: g.Count())).ToList();
        if (json)
        {
            JsonOut.Write(new { aggregate = key == "" ? "count" : key, rows = rows.Select(x => key == "" ? (object)new { probe = x.Id.ToString(), count = x.Count } : new { probe = x.Id.ToString(), key = x.Key, count = x.Count }) });
            return 0;
        }
        var t = key == "" ? new TextTable(("PROBE", false), ("COUNT", true)) : new TextTable(("PROBE", false), (key.ToUpperInvariant(), false), ("COUNT", true));
        foreach (var x in rows)
            if (key == "") t.Add(x.Id, x.Count); else t.Add(x.Id, x.Key, x.Count);
        t.WriteTo(Console.Out);
        return 0;
    }

    /// <summary>`--aggregate profile`: the workload under every profile, a count column per profile.</summary>
    private static int ByProfile(WorkloadRequest req, HashSet<ProbeId> ids, bool json)
    {
        var counts = Progress.ForEach(Builtin.All, p => $"running under {p.Name}", p =>
            (Profile: p, Counts: Record(req.Create(p), ids).GroupBy(e => e.Event.Id).ToDictionary(g => g.Key, g => g.Count())));
        var fired = ProbeNames.All.Where(id => counts.Any(c => c.Counts.ContainsKey(id))).ToList();
        if (json)
        {
            JsonOut.Write(new
            {
                aggregate = "profile",
                profiles = counts.Select(c => c.Profile.Name),
                rows = fired.Select(id => new { probe = id.ToString(), counts = counts.ToDictionary(c => c.Profile.Name, c => c.Counts.GetValueOrDefault(id)) }),
            });
            return 0;
        }
        var t = new TextTable([("PROBE", false), .. counts.Select(c => (c.Profile.Name.ToUpperInvariant(), true))]);
        foreach (var id in fired) t.Add([id, .. counts.Select(c => (object)c.Counts.GetValueOrDefault(id))]);
        t.WriteTo(Console.Out);
        return 0;
    }
}
