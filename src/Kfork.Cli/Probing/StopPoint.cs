using System.Globalization;
using Kfork.Cli.Commands;
using Kfork.Kern;

namespace Kfork.Cli.Probing;

/// <summary>
/// A moment in a run: the Nth firing of a named probe (`ProcExit:2`, `ForkReturn` = the first)
/// or the Nth probe event of any kind (`step:N`). Used by `--stop-at`, `ddb --break` and `break`.
/// </summary>
public sealed class StopPoint
{
    /// <summary>The probe, or null for `step:N`.</summary>
    public ProbeId? Probe { get; }
    public long Count { get; }
    /// <summary>Whether the text gave a count (`ProcExit:2`): ddb stops at every firing of a bare `ProcExit`.</summary>
    public bool Counted { get; }
    private long hits;

    private StopPoint(ProbeId? probe, long count, bool counted) { Probe = probe; Count = count; Counted = counted; }

    public static StopPoint Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length > 2 || parts[0].Length == 0)
            throw new UsageException($"bad stop point '{text}' (expected PROBE, PROBE:N or step:N)");
        long n = 1;
        if (parts.Length == 2 && (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out n) || n < 1))
            throw new UsageException($"bad count in stop point '{text}' (expected a number from 1)");
        if (string.Equals(parts[0], "step", StringComparison.OrdinalIgnoreCase))
        {
            if (parts.Length != 2) throw new UsageException($"bad stop point '{text}' (step needs a count: step:N)");
            return new StopPoint(null, n, true);
        }
        return new StopPoint(ProbeNames.Parse(parts[0]), n, parts.Length == 2);
    }

    /// <summary>Count one event; true when this is the moment (once: later events never match again).</summary>
    public bool Hit(in ProbeEvent e, long seq)
    {
        if (Probe == null) return seq == Count;
        if (e.Id != Probe) return false;
        return ++hits == Count;
    }

    /// <summary>A breakpoint's test: every firing of a bare probe name, else the counted moment.</summary>
    public bool HitEvery(in ProbeEvent e, long seq) => Probe != null && !Counted ? e.Id == Probe : Hit(e, seq);

    /// <summary>How far the run got towards this point, for "never reached" messages.</summary>
    public string Progress(long events) =>
        Probe == null ? $"the workload fired {events} probe event(s)" : $"{Probe} fired {hits} time(s)";

    public override string ToString() => Probe == null ? $"step:{Count}" : Counted ? $"{Probe}:{Count}" : $"{Probe}";
}
