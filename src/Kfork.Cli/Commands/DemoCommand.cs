using System.CommandLine;
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
        var seed = new Option<ulong>("--seed") { Description = "arc4random seed", DefaultValueFactory = _ => 1 };
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

    /// <summary>The process tree from proc0, as pstree shows it.</summary>
    public static Tree ProcessTree(Kernel k)
    {
        var tree = new Tree(Label(k.Proc0));
        AddChildren(tree.AddNode(Label(k.InitProc)), k.InitProc);
        foreach (var c in Kernel.Children(k.Proc0).Reverse())
            if (c != k.InitProc) AddChildren(tree.AddNode(Label(c)), c);
        return tree;
    }

    private static void AddChildren(TreeNode node, Proc p)
    {
        foreach (var c in Kernel.Children(p).Reverse()) AddChildren(node.AddNode(Label(c)), c);
    }

    private static string Label(Proc p) =>
        Markup.Escape($"{p.Pid} {p.Comm} [{p.Stat}] uid {p.Ucred.Ruid} pgrp {p.Pgrp.Id} sid {p.Session.Id}");

    /// <summary>vmstat -f: the fork counters.</summary>
    public static Table Counters(Kernel k)
    {
        var c = k.Cnt;
        var t = new Table().Title("vmstat -f").AddColumns("kind", "calls", "pages");
        t.AddRow("fork", c.Forks.ToString(), c.ForkPages.ToString());
        t.AddRow("vfork", c.Vforks.ToString(), c.VforkPages.ToString());
        t.AddRow("rfork", c.Rforks.ToString(), c.RforkPages.ToString());
        t.AddRow("kernel thread", c.Kthreads.ToString(), c.KthreadPages.ToString());
        return t;
    }
}
