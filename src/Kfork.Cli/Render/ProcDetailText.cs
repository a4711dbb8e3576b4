using Kfork.Cli.Inspect;

namespace Kfork.Cli.Render;

/// <summary>procstat's sections as text; ddb's `show proc` prints the same.</summary>
public static class ProcDetailText
{
    public static void Write(TextWriter w, ProcDetail d)
    {
        w.WriteLine($"pid {d.Pid} ({d.Comm}), parent {d.Ppid}, stat {d.Stat}");
        Section(w, "credentials", new TextTable(("EUID", true), ("RUID", true), ("SVUID", true), ("EGID", true), ("RGID", true), ("SVGID", true), ("JAIL", false), ("REFS", true), ("UIDPROCS", true))
            .Add(d.Cred.Uid, d.Cred.Ruid, d.Cred.Svuid, d.Cred.Gid, d.Cred.Rgid, d.Cred.Svgid, d.Cred.Jailed ? "yes" : "no", d.Cred.Refs, d.Cred.RuidProcs));

        if (d.Limit is { } limit)
        {
            var limits = new TextTable(("RESOURCE", false), ("SOFT", true), ("HARD", true));
            foreach (var l in limit.Resources) limits.Add(l.Resource, l.Soft, l.Hard);
            Section(w, $"limits (plimit refs {limit.Refs})", limits);
        }
        else Released(w, "limits");

        if (d.Files is { } fd)
        {
            var files = new TextTable(("FD", true), ("KIND", false), ("FLAGS", false), ("OFFSET", true), ("REFS", true), ("CLOEXEC", false), ("NAME", false));
            foreach (var f in fd.Open) files.Add(f.Fd, f.Kind, f.Flags, f.Offset, f.Refs, f.CloseOnExec ? "yes" : "no", f.Name);
            Section(w, $"descriptors (filedesc refs {fd.Refs}, cwd {fd.Cwd}, cmask {fd.Cmask})", files);
        }
        else Released(w, "descriptors");

        w.WriteLine();
        w.WriteLine($"signals (sigacts refs {d.Sigs.Refs}{(d.Sigs.NoChildWait ? ", SA_NOCLDWAIT" : "")})");
        w.WriteLine($"  pending: {List(d.Sigs.Pending)}");
        w.WriteLine($"  caught:  {List(d.Sigs.Caught)}");
        w.WriteLine($"  ignored: {List(d.Sigs.Ignored)}");

        if (d.Mem is { } m)
            Section(w, "memory", new TextTable(("REFS", true), ("RESIDENT", true), ("MAPPED", true), ("DATA", true), ("STACK", true), ("COW", true))
                .Add(m.Refs, m.ResidentPages, m.MappedBytes, m.DataPages, m.StackPages, m.CopiedOnWrite));
        else Released(w, "memory");

        var lwps = new TextTable(("TID", true), ("STAT", false), ("WCHAN", false), ("MASK", false), ("PENDING", false));
        foreach (var t in d.Lwps) lwps.Add(t.Tid, t.Stat, t.Wchan, List(t.Mask), List(t.Pending));
        Section(w, "lwps", lwps);
    }

    public static string List(IReadOnlyList<string> names) => names.Count == 0 ? "-" : string.Join(",", names);

    private static void Released(TextWriter w, string title)
    {
        w.WriteLine();
        w.WriteLine($"{title}: released by exit1 (zombie)");
    }

    private static void Section(TextWriter w, string title, TextTable t)
    {
        w.WriteLine();
        w.WriteLine(title);
        foreach (var line in t.Lines()) w.WriteLine("  " + line);
    }
}
