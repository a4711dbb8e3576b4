using System.CommandLine;
using Kfork.Cli.Ktrace;
using Kfork.Cli.Render;
using Kfork.Cli.Workloads;

namespace Kfork.Cli.Commands;

/// <summary>`kfork ktrace [-f FILE] WORKLOAD`: trace init and its descendants into FILE (ktrace.out).</summary>
internal static class KtraceCommand
{
    public static Command Create()
    {
        var file = CommonOptions.ForTool(TraceFileOption());
        var cmd = new Command("ktrace", "Record system calls, returns and signals of init and every descendant (inherited across fork)") { file };
        WorkloadCatalog.AddTo(cmd, req =>
        {
            var path = req.Parse.GetValue(file)!;
            var w = req.Create();
            var recorder = KtraceRecorder.Attach(w.Kernel, path);
            int code = w.Run();
            using (var output = OutputFile.Create(path))
                KtraceFile.Write(output, new KtraceHeader { Profile = req.Profile.Name, Workload = req.Description }, recorder.Records);
            return code;
        });
        return cmd;
    }

    /// <summary>`-f FILE`, ktrace.out by default, as ktrace(1) and kdump(1) share it.</summary>
    public static Option<string> TraceFileOption() =>
        new("-f") { HelpName = "FILE", Description = "The trace file", DefaultValueFactory = _ => "ktrace.out" };
}
