using System.CommandLine;
using System.Globalization;
using Kfork.Cli.Inspect;
using Kfork.Cli.Render;
using Kfork.Cli.Workloads;

namespace Kfork.Cli.Commands;

/// <summary>`kfork vmstat -f [--stop-at P] [--json] WORKLOAD`: the fork counters, in vmstat -f's words.</summary>
internal static class VmstatCommand
{
    public static Command Create()
    {
        var forks = CommonOptions.ForTool(new Option<bool>("-f") { Description = "Fork statistics (the only report Kfork has; the default)" });
        var stopAt = CommonOptions.StopAt();
        var json = CommonOptions.ToolJson();
        var cmd = new Command("vmstat", "Fork counters (vmstat -f): forks, vforks, rforks, kernel threads and the pages they touched") { forks, stopAt, json };
        WorkloadCatalog.AddTo(cmd, req => Listing.Show(req, req.Parse.GetValue(stopAt), (k, at) =>
        {
            var counters = ForkCounter.Read(k);
            if (req.Parse.GetValue(json))
            {
                JsonOut.Write(new
                {
                    profile = k.Profile.Name,
                    stopped_at = Listing.StoppedAtJson(at),
                    counters = counters.Select(c => new { kind = c.Kind, calls = c.Calls, pages = c.Pages, average = Math.Round(c.Average, 2) }),
                });
                return 0;
            }
            if (at is { } a) Console.Out.WriteLine(Listing.StoppedAt(a));
            // vmstat.c dosum-style lines: "%u forks, %u pages, average %.2f".
            foreach (var c in counters)
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Calls} {c.Plural}, {c.Pages} pages, average {c.Average:0.00}"));
            return 0;
        }));
        return cmd;
    }
}
