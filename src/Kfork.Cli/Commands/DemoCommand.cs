using System.CommandLine;
using Kfork.Cli.Inspect;
using Kfork.Cli.Render;
using Kfork.Kern;
using Kfork.Sys;
using Kfork.Workloads;
using Spectre.Console;

namespace Kfork.Cli.Commands;

/// <summary>`kfork demo`: the built-in workload, narrated, then the process tree and the fork counters.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var profile = CommonOptions.Profile();
        var seed = CommonOptions.Seed();
        var cmd = new Command("demo", "Run the built-in workload: forks, exits, waits, an orphan, vfork, rfork, a refused fork") { profile, seed };
        cmd.SetAction(r => CommonOptions.Guarded(() => Run(CommonOptions.ResolveProfile(r.GetValue(profile)!), r.GetValue(seed))));
        return cmd;
    }

    private static int Run(Kfork.Profiles.Profile profile, ulong seed)
    {
        var demo = new DemoWorkload(profile, seed);
        var console = Terminal.Create();
        console.MarkupLine($"[bold]Kfork demo[/]: profile [green]{profile.Name}[/] (seed {profile.Seed}.txt), {profile.OsType} {profile.OsRelease}");
        console.WriteLine();
        foreach (var line in demo.Run()) Console.Out.WriteLine(line);
        console.WriteLine();
        console.Write(ProcessTree(demo.Kernel));
        console.WriteLine();
        console.Write(Counters(demo.Kernel));
        return 0;
    }

    /// <summary>The process tree from proc0, as pstree shows it, with credentials and groups.</summary>
    public static Tree ProcessTree(Kernel k) => TreeRender.Spectre(ProcessNode.FromProc0(k), Label);

    private static string Label(ProcessNode n)
    {
        var p = n.Proc;
        return $"{p.Pid} {p.Comm} [{p.Stat}] uid {p.Ucred.Ruid} pgrp {p.Pgrp.Id} sid {p.Session.Id}";
    }

    /// <summary>vmstat -f: the fork counters.</summary>
    public static Table Counters(Kernel k)
    {
        var t = new Table().Title("vmstat -f").AddColumns("kind", "calls", "pages");
        foreach (var c in ForkCounter.Read(k)) t.AddRow(c.Kind, c.Calls.ToString(), c.Pages.ToString());
        return t;
    }
}
