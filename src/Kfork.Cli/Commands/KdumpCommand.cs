using System.CommandLine;
using Kfork.Cli.Ktrace;
using Kfork.Cli.Render;

namespace Kfork.Cli.Commands;

/// <summary>`kfork kdump [-f FILE] [-H] [-d] [-p PID] [--json]`: print a ktrace file as kdump(1) does.</summary>
internal static class KdumpCommand
{
    public static Command Create()
    {
        var file = KtraceCommand.TraceFileOption();
        var tid = new Option<bool>("-H") { Description = "Show the thread id of each record" };
        var dec = new Option<bool>("-d") { Description = "Arguments in decimal" };
        var pid = new Option<int?>("-p") { HelpName = "PID", Description = "Only this process's records" };
        var json = CommonOptions.Json();
        var cmd = new Command("kdump", "Print a ktrace file") { file, tid, dec, pid, json };
        cmd.SetAction(r => CommonOptions.Guarded(() =>
        {
            var (header, records) = KtraceFile.Read(r.GetValue(file)!);
            var only = r.GetValue(pid);
            var shown = records.Where(x => only == null || x.Pid == only).ToList();
            if (r.GetValue(json))
            {
                JsonOut.Write(new { header, records = shown });
                return 0;
            }
            foreach (var x in shown) Console.Out.WriteLine(Kdump.Line(x, r.GetValue(tid), r.GetValue(dec)));
            return 0;
        }));
        return cmd;
    }
}
