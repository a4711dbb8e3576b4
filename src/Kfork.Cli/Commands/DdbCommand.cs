using System.CommandLine;
using Kfork.Cli.Ddb;
using Kfork.Cli.Workloads;

namespace Kfork.Cli.Commands;

/// <summary>
/// `kfork ddb [--break PROBE[:N]]... WORKLOAD`: a DDB-style console. The workload runs on a
/// worker thread and stops inside probe callbacks; commands come from stdin (scripts work).
/// </summary>
internal static class DdbCommand
{
    public static Command Create()
    {
        var breaks = CommonOptions.ForTool(new Option<string[]>("--break", "-b") { HelpName = "PROBE[:N]", Description = "Stop when this probe fires (PROBE: every time, PROBE:N: its Nth firing, step:N); repeatable" });
        var cmd = new Command("ddb", "Run a workload under a DDB-style debugger console (db> prompt on stdin)") { breaks };
        WorkloadCatalog.AddTo(cmd, req =>
        {
            var initial = req.Parse.GetValue(breaks) ?? [];
            foreach (var b in initial) Probing.StopPoint.Parse(b); // bad input fails before the session starts
            var session = new DdbSession(req.Create(programReadsStdin: false), Console.In, Console.Out, echo: Console.IsInputRedirected);
            return session.Run(initial);
        });
        return cmd;
    }
}
