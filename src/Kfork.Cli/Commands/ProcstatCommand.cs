using System.CommandLine;
using Kfork.Cli.Inspect;
using Kfork.Cli.Render;
using Kfork.Cli.Workloads;

namespace Kfork.Cli.Commands;

/// <summary>
/// `kfork procstat PID [--stop-at P] [--json] WORKLOAD`: one process in detail: credentials,
/// limits, descriptors, signals, memory and LWPs (procstat -s, -l, -f, -i, -v, -t in one).
/// </summary>
internal static class ProcstatCommand
{
    public static Command Create()
    {
        var pid = new Argument<string>("pid") { Description = "The process (live or zombie)" };
        var stopAt = CommonOptions.StopAt();
        var json = CommonOptions.ToolJson();
        var cmd = new Command("procstat", "Show one process in detail: credentials, limits, descriptors, signals, memory, LWPs") { stopAt, json };
        cmd.Arguments.Add(pid);
        WorkloadCatalog.AddTo(cmd, req =>
        {
            // Parsed here, not by System.CommandLine: a parent command's bad argument would
            // otherwise surface as an exception in the subcommand's action.
            int wanted = ParsePid(req.Parse.GetValue(pid)!);
            return Listing.Show(req, req.Parse.GetValue(stopAt), (k, at) => Show(k, at, wanted, req.Parse.GetValue(json)));
        });
        return cmd;
    }

    public static int ParsePid(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)
            ? pid : throw new UsageException($"bad pid '{text}' (expected a process id: 0, 1, 2, ...)");

    private static int Show(Kfork.Kern.Kernel k, Probing.RecordedEvent? at, int wanted, bool json)
    {
        var p = ProcessTable.Find(k, wanted)
            ?? throw new UsageException($"no process with pid {wanted} {(at is { } stop ? "at event " + stop.Seq + " (" + stop.Event.Id + ")" : "at the end of the workload")}");
        var d = ProcDetail.Read(p);
        if (json)
        {
            JsonOut.Write(new { profile = k.Profile.Name, stopped_at = Listing.StoppedAtJson(at), process = d });
            return 0;
        }
        if (at is { } a) Console.Out.WriteLine(Listing.StoppedAt(a));
        ProcDetailText.Write(Console.Out, d);
        return 0;
    }
}
