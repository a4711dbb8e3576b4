using Kfork.Cli.Inspect;
using Kfork.Cli.Probing;
using Kfork.Cli.Workloads;
using Kfork.Profiles;

namespace Kfork.Cli.Compare;

/// <summary>What one run under one profile produced, in comparable form.</summary>
public sealed record ProfileOutcome(
    Profile Profile, int ExitCode, IReadOnlyList<RecordedEvent> Events, IReadOnlyList<string> EventKeys,
    IReadOnlyDictionary<string, string> Figures, IReadOnlyList<string> Console)
{
    public static ProfileOutcome Run(WorkloadRequest req, Profile profile)
    {
        var w = req.Create(profile);
        var recorder = ProbeRecorder.Attach(w.Kernel);
        int code = w.Run();
        var k = w.Kernel;
        // Counters and sysctls by name; a sysctl one profile lacks shows as "-".
        var figures = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in ForkCounter.Read(k)) figures[$"vmstat -f {c.Plural}"] = $"{c.Calls} calls, {c.Pages} pages";
        foreach (var o in k.Sysctls) figures[o.Name] = o.Read();
        figures["processes at the end"] = k.NProcs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ProfileOutcome(profile, code, recorder.Events,
            recorder.Events.Select(e => ProbeText.Key(e.Event)).ToList(), figures, k.ConsoleLog.ToList());
    }
}
