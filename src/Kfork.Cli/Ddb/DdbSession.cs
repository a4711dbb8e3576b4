using System.Globalization;
using Kfork.Cli.Commands;
using Kfork.Cli.Inspect;
using Kfork.Cli.Probing;
using Kfork.Cli.Render;
using Kfork.Cli.Workloads;

namespace Kfork.Cli.Ddb;

/// <summary>
/// The `db>` console: reads commands from a text reader (a terminal or a script on stdin) and
/// runs them against a <see cref="SteppableRun"/>. Between commands the kernel is either not
/// started, frozen inside a probe callback, or finished; it never runs while a command reads it.
/// </summary>
public sealed class DdbSession(IWorkload workload, TextReader input, TextWriter output, bool echo)
{
    private readonly SteppableRun run = new(workload) { RecentCapacity = 256 };
    private readonly List<StopPoint> breakpoints = [];
    private long stepsLeft;

    public const string Help = """
        ps                      the process table
        show proc PID           one process in detail (procstat)
        show lwp PID[/TID]      a process's LWPs
        show tree               the process tree
        step [N]                run to the Nth next probe event (default 1)
        continue | c            run to the next breakpoint or the end
        break [PROBE[:N]]       stop at every PROBE firing (or only its Nth); no argument lists breakpoints
        delete [N]              delete breakpoint N, or all
        trace [N]               the last N probe events (default 10)
        help                    this list
        quit | q                leave (the workload is abandoned where it stands)
        """;

    public int Run(IEnumerable<string> initialBreaks)
    {
        foreach (var b in initialBreaks) breakpoints.Add(StopPoint.Parse(b));
        run.ShouldPause = ShouldPause;
        output.WriteLine($"kfork ddb: profile {workload.Kernel.Profile.Name}; 'help' lists commands");
        if (breakpoints.Count > 0) Report(run.Resume());
        else output.WriteLine("workload not started: 'continue' or 'step' runs it");
        try
        {
            while (true)
            {
                output.Write("db> ");
                var line = input.ReadLine();
                if (line == null) { output.WriteLine(); break; }
                if (echo) output.WriteLine(line);
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (words.Length == 0) continue;
                if (words[0] is "quit" or "q") break;
                try
                {
                    Execute(words);
                }
                catch (UsageException e)
                {
                    output.WriteLine($"db: {e.Message}");
                }
            }
        }
        finally
        {
            run.Dispose();
        }
        return 0;
    }

    private bool ShouldPause(RecordedEvent r)
    {
        bool stop = false;
        // Every breakpoint sees every event, so counted ones count even when another stops first.
        foreach (var b in breakpoints) stop |= b.HitEvery(r.Event, r.Seq);
        if (stepsLeft > 0 && --stepsLeft == 0) stop = true;
        return stop;
    }

    private void Execute(string[] w)
    {
        switch (w[0])
        {
            case "help": output.Write(Help.EndsWith('\n') ? Help : Help + "\n"); break;
            case "ps": Ps(); break;
            case "show" when w.Length >= 2 && w[1] == "proc": ShowProc(Arg(w, 2, "show proc PID")); break;
            case "show" when w.Length >= 2 && w[1] == "lwp": ShowLwp(Arg(w, 2, "show lwp PID[/TID]")); break;
            case "show" when w.Length >= 2 && w[1] == "tree":
                foreach (var line in TreeRender.Indented(ProcessNode.FromProc0(run.Kernel))) output.WriteLine(line);
                break;
            case "show": throw new UsageException("show what? (show proc PID, show lwp PID, show tree)");
            case "step" or "s": Go(w.Length > 1 ? Count(w[1]) : 1); break;
            case "continue" or "c": Go(0); break;
            case "break" or "b": Break(w); break;
            case "delete" or "d": Delete(w); break;
            case "trace" or "t": Trace(w.Length > 1 ? Count(w[1]) : 10); break;
            default: throw new UsageException($"unknown command '{w[0]}' ('help' lists commands)");
        }
    }

    private static string Arg(string[] w, int i, string usage) =>
        w.Length > i ? w[i] : throw new UsageException($"usage: {usage}");

    private static long Count(string s) =>
        long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n >= 1 ? n : throw new UsageException($"bad count '{s}'");

    private void Go(long steps)
    {
        if (run.State is RunState.Finished) { output.WriteLine("the workload has finished"); return; }
        stepsLeft = steps;
        Report(run.Resume());
        stepsLeft = 0;
    }

    private void Report(RunState state)
    {
        switch (state)
        {
            case RunState.Paused p:
                output.WriteLine($"Stopped at {ProbeText.Moment(p.At.Seq, p.At.Event)}");
                break;
            case RunState.Finished f:
                output.WriteLine($"workload finished: exit code {f.ExitCode}, {run.EventCount} probe events");
                break;
        }
    }

    private void Ps()
    {
        var cols = PsColumns.Parse(PsColumns.Default);
        var t = new TextTable(cols.Select(c => (c.Header, c.RightAligned)).ToArray());
        foreach (var p in ProcessTable.All(run.Kernel)) t.Add(cols.Select(c => c.Value(p)).ToArray());
        t.WriteTo(output);
    }

    private Kfork.Sys.Proc FindProc(string pidText)
    {
        int pid = ProcstatCommand.ParsePid(pidText);
        return ProcessTable.Find(run.Kernel, pid) ?? throw new UsageException($"no process with pid {pid}");
    }

    private void ShowProc(string pid) => ProcDetailText.Write(output, ProcDetail.Read(FindProc(pid)));

    private void ShowLwp(string spec)
    {
        var parts = spec.Split('/');
        var p = FindProc(parts[0]);
        var lwps = ProcDetail.Read(p).Lwps.Where(l => parts.Length == 1 || l.Tid.ToString(CultureInfo.InvariantCulture) == parts[1]).ToList();
        if (lwps.Count == 0) throw new UsageException($"pid {p.Pid} has no lwp {parts[1]}");
        var t = new TextTable(("PID", true), ("TID", true), ("STAT", false), ("WCHAN", false), ("MASK", false), ("PENDING", false));
        foreach (var l in lwps) t.Add(p.Pid, l.Tid, l.Stat, l.Wchan, ProcDetailText.List(l.Mask), ProcDetailText.List(l.Pending));
        t.WriteTo(output);
    }

    private void Break(string[] w)
    {
        if (w.Length == 1)
        {
            if (breakpoints.Count == 0) output.WriteLine("no breakpoints");
            for (int i = 0; i < breakpoints.Count; i++) output.WriteLine($"{i + 1}: {breakpoints[i]}");
            return;
        }
        breakpoints.Add(StopPoint.Parse(w[1]));
        output.WriteLine($"breakpoint {breakpoints.Count}: {breakpoints[^1]}");
    }

    private void Delete(string[] w)
    {
        if (w.Length == 1) { breakpoints.Clear(); output.WriteLine("all breakpoints deleted"); return; }
        long n = Count(w[1]);
        if (n > breakpoints.Count) throw new UsageException($"no breakpoint {n}");
        breakpoints.RemoveAt((int)n - 1);
        output.WriteLine($"breakpoint {n} deleted");
    }

    private void Trace(long n)
    {
        var recent = run.Recent.ToList();
        if (recent.Count == 0) output.WriteLine("no probe events yet");
        foreach (var r in recent.Skip(Math.Max(0, recent.Count - (int)Math.Min(n, int.MaxValue))))
            output.WriteLine(ProbeText.Line(r.Seq, r.Event));
    }
}
