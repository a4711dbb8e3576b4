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
    private long hits;

    private StopPoint(ProbeId? probe, long count) { Probe = probe; Count = count; }

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
            return new StopPoint(null, n);
        }
        return new StopPoint(ProbeNames.Parse(parts[0]), n);
    }

    /// <summary>Count one event; true when this is the moment (once: later events never match again).</summary>
    public bool Hit(in ProbeEvent e, long seq)
    {
        if (Probe == null) return seq == Count;
        if (e.Id != Probe) return false;
        return ++hits == Count;
    }

    /// <summary>How far the run got towards this point, for "never reached" messages.</summary>
    public string Progress(long events) =>
        Probe == null ? $"the workload fired {events} probe event(s)" : $"{Probe} fired {hits} time(s)";

    public override string ToString() => Probe == null ? $"step:{Count}" : $"{Probe}:{Count}";
}
