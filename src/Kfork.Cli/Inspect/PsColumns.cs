using Kfork.Cli.Commands;
using Kfork.Kern;
using Kfork.Sys;

namespace Kfork.Cli.Inspect;

/// <summary>One `ps -o` column: its key (also the JSON key), header, alignment and value.</summary>
public sealed record PsColumn(string Key, string Header, bool RightAligned, Func<Proc, object> Value);

/// <summary>The columns `ps -o` knows, as BSD ps names them.</summary>
public static class PsColumns
{
    public static IReadOnlyList<PsColumn> All { get; } =
    [
        new("pid", "PID", true, p => p.Pid),
        new("ppid", "PPID", true, p => ProcessTable.Ppid(p)),
        new("pgid", "PGID", true, p => p.Pgrp.Id),
        new("sid", "SID", true, p => p.Session.Id),
        new("uid", "UID", true, p => p.Ucred.Uid),
        new("ruid", "RUID", true, p => p.Ucred.Ruid),
        new("stat", "STAT", false, p => ProcessTable.Stat(p)),
        new("wchan", "WCHAN", false, p => ProcessTable.Wchan(p)),
        new("nlwp", "NLWP", true, p => p.NThreads),
        new("comm", "COMMAND", false, p => p.Comm),
        new("flags", "F", true, p => ProcessTable.Hex((long)p.Flag)),
    ];

    public const string Default = "pid,ppid,pgid,sid,uid,stat,wchan,nlwp,comm";

    public static string Names => string.Join(", ", All.Select(c => c.Key));

    /// <summary>`-o pid,comm` (also `-o pid -o comm` joined by the caller); unknown names are a usage error.</summary>
    public static IReadOnlyList<PsColumn> Parse(string spec)
    {
        var cols = new List<PsColumn>();
        foreach (var name in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            cols.Add(All.FirstOrDefault(c => c.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"unknown ps column '{name}' (columns: {Names})"));
        if (cols.Count == 0) throw new UsageException($"-o needs at least one column (columns: {Names})");
        return cols;
    }
}
