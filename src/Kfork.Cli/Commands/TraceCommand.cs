using System.CommandLine;
using Kfork.Cli.Export;
using Kfork.Cli.Render;
using Kfork.Cli.Workloads;

namespace Kfork.Cli.Commands;

/// <summary>`kfork trace --perfetto FILE WORKLOAD`: a Chrome/Perfetto timeline of the run (ui.perfetto.dev, chrome://tracing).</summary>
internal static class TraceCommand
{
    public static Command Create()
    {
        var perfetto = CommonOptions.ForTool(new Option<string>("--perfetto") { HelpName = "FILE", Description = "Write a Chrome/Perfetto trace JSON to FILE", Required = true });
        var cmd = new Command("trace", "Export the run as a timeline: a track per process and LWP, fork arrows, exits; virtual-clock timestamps") { perfetto };
        WorkloadCatalog.AddTo(cmd, req =>
        {
            var path = req.Parse.GetValue(perfetto)!;
            var w = req.Create();
            var trace = PerfettoTrace.Attach(w.Kernel);
            int code = w.Run();
            OutputFile.Write(path, trace.ToJson(req.Profile.Name, req.Description));
            return code;
        });
        return cmd;
    }
}
