using System.CommandLine;
using Kfork.Cli.Inspect;
using Kfork.Cli.Render;
using Kfork.Cli.Workloads;

namespace Kfork.Cli.Commands;

/// <summary>`kfork pstree [--dot | --svg FILE | --json] [--stop-at P] WORKLOAD`: the process tree from proc0.</summary>
internal static class PstreeCommand
{
    public static Command Create()
    {
        var dot = CommonOptions.ForTool(new Option<bool>("--dot") { Description = "Print the tree as Graphviz DOT text" });
        var svg = CommonOptions.ForTool(new Option<string?>("--svg") { HelpName = "FILE", Description = "Write the tree as an SVG picture to FILE" });
        var stopAt = CommonOptions.StopAt();
        var json = CommonOptions.ToolJson();
        var cmd = new Command("pstree", "Show the process tree (live processes and zombies not yet reaped)") { dot, svg, stopAt, json };
        WorkloadCatalog.AddTo(cmd, req =>
        {
            var r = req.Parse;
            var svgFile = r.GetValue(svg);
            if (new[] { r.GetValue(dot), svgFile != null, r.GetValue(json) }.Count(b => b) > 1)
                throw new UsageException("choose one of --dot, --svg and --json");
            return Listing.Show(req, r.GetValue(stopAt), (k, at) =>
            {
                var root = ProcessNode.FromProc0(k);
                if (r.GetValue(json))
                    JsonOut.Write(new { profile = k.Profile.Name, stopped_at = Listing.StoppedAtJson(at), tree = TreeRender.Json(root) });
                else if (r.GetValue(dot))
                    Console.Out.Write(TreeRender.Dot(root));
                else if (svgFile != null)
                    OutputFile.Write(svgFile, TreeRender.Svg(root).ToString() + "\n");
                else
                {
                    if (at is { } a) Console.Out.WriteLine(Listing.StoppedAt(a));
                    Terminal.Create().Write(TreeRender.Spectre(root));
                }
                return 0;
            });
        });
        return cmd;
    }
}
