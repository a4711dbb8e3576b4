using Kfork.Cli.Commands;
using Kfork.Cli.Probing;
using Kfork.Cli.Workloads;
using Kfork.Kern;

namespace Kfork.Cli.Inspect;

/// <summary>
/// How every listing looks at a kernel: at the end of the workload, or frozen at a `--stop-at`
/// moment (the listing is made while the workload waits inside the probe callback).
/// </summary>
public static class Listing
{
    /// <param name="stopAt">`PROBE[:N]`, `step:N`, or null for the end of the workload.</param>
    /// <param name="show">Prints the listing; gets the event the run stopped at (null at the end).</param>
    public static int Show(WorkloadRequest request, string? stopAt, Func<Kernel, RecordedEvent?, int> show)
    {
        var point = stopAt == null ? null : StopPoint.Parse(stopAt);
        var workload = request.Create();
        if (point == null)
        {
            workload.Run();
            return show(workload.Kernel, null);
        }
        using var run = new SteppableRun(workload) { ShouldPause = r => point.Hit(r.Event, r.Seq) };
        if (run.Resume() is RunState.Paused paused) return show(run.Kernel, paused.At);
        throw new UsageException($"--stop-at {point} was never reached ({point.Progress(run.EventCount)})");
    }

    /// <summary>The line a text listing starts with when it was taken mid-run.</summary>
    public static string StoppedAt(RecordedEvent at) => "stopped at " + ProbeText.Moment(at.Seq, at.Event);

    /// <summary>The event as JSON (null at the end of the workload), for every listing's `stopped_at`.</summary>
    public static object? StoppedAtJson(RecordedEvent? at) => at is not { } r ? null : new
    {
        seq = r.Seq,
        tick = r.Event.Tick,
        probe = r.Event.Id.ToString(),
        pid = r.Event.Pid,
        tid = r.Event.Tid,
        text = ProbeText.Details(r.Event),
    };
}
