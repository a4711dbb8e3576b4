using Kfork.Cli.Commands;
using Kfork.Kern;

namespace Kfork.Cli.Probing;

/// <summary>Probe names as users type them: exact (case-insensitive) or with `*` wildcards.</summary>
public static class ProbeNames
{
    public static IReadOnlyList<ProbeId> All { get; } = Enum.GetValues<ProbeId>();

    public static string List => string.Join(", ", All);

    /// <summary>One exact probe name; a <see cref="UsageException"/> naming the bad input otherwise.</summary>
    public static ProbeId Parse(string name)
    {
        foreach (var id in All)
            if (string.Equals(id.ToString(), name.Trim(), StringComparison.OrdinalIgnoreCase)) return id;
        throw new UsageException($"unknown probe '{name}' (probes: {List})");
    }

    /// <summary>
    /// A comma-separated list of names or patterns (`Fork*`, `*Return`, `*`); every pattern must
    /// match at least one probe, so a typo is reported instead of silently tracing nothing.
    /// </summary>
    public static HashSet<ProbeId> ParsePatterns(string patterns)
    {
        var set = new HashSet<ProbeId>();
        foreach (var raw in patterns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var matched = All.Where(id => Matches(raw, id.ToString())).ToList();
            if (matched.Count == 0) throw new UsageException($"unknown probe '{raw}' (probes: {List})");
            set.UnionWith(matched);
        }
        if (set.Count == 0) throw new UsageException($"no probe named in '{patterns}' (probes: {List})");
        return set;
    }

    private static bool Matches(string pattern, string name)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1) return string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase);
        int at = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (i == 0)
            {
                if (!name.StartsWith(part, StringComparison.OrdinalIgnoreCase)) return false;
                at = part.Length;
                continue;
            }
            if (i == parts.Length - 1)
                return name.Length - part.Length >= at && name.EndsWith(part, StringComparison.OrdinalIgnoreCase);
            int found = name.IndexOf(part, at, StringComparison.OrdinalIgnoreCase);
            if (found < 0) return false;
            at = found + part.Length;
        }
        return true;
    }
}
