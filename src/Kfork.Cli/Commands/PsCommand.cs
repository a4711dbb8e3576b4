using System.CommandLine;
using Kfork.Cli.Inspect;
using Kfork.Cli.Render;
using Kfork.Cli.Workloads;

namespace Kfork.Cli.Commands;

/// <summary>`kfork ps [-o COLS] [--stop-at P] [--json] WORKLOAD`: the process table, as BSD ps prints it.</summary>
internal static class PsCommand
{
    public static Command Create()
    {
        var columns = CommonOptions.ForTool(new Option<string>("-o") { HelpName = "COLS", Description = $"Columns: {PsColumns.Names}", DefaultValueFactory = _ => PsColumns.Default });
        var stopAt = CommonOptions.StopAt();
        var json = CommonOptions.ToolJson();
        var cmd = new Command("ps", "List every process (live and zombie) at the end of a workload or at --stop-at") { columns, stopAt, json };
        WorkloadCatalog.AddTo(cmd, req =>
        {
            var r = req.Parse;
            var cols = PsColumns.Parse(r.GetValue(columns)!);
            return Listing.Show(req, r.GetValue(stopAt), (k, at) =>
            {
                var procs = ProcessTable.All(k);
                if (r.GetValue(json))
                {
                    JsonOut.Write(new
                    {
                        profile = k.Profile.Name,
                        stopped_at = Listing.StoppedAtJson(at),
                        processes = procs.Select(p => cols.ToDictionary(c => c.Key, c => c.Value(p))),
                    });
                    return 0;
                }
                if (at is { } a) Console.Out.WriteLine(Listing.StoppedAt(a));
                var table = new TextTable(cols.Select(c => (c.Header, c.RightAligned)).ToArray());
                foreach (var p in procs) table.Add(cols.Select(c => c.Value(p)).ToArray());
                table.WriteTo(Console.Out);
                return 0;
            });
        });
        return cmd;
    }
}
