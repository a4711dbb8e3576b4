using System.Globalization;
using System.Text;
using System.Text.Json;
using Kfork.Cli.Probing;
using Kfork.Cli.Render;
using Kfork.Kern;
using Kfork.Sys;

namespace Kfork.Cli.Export;

/// <summary>
/// A Chrome/Perfetto JSON trace of a run (the "Trace Event Format"): a process track per pid
/// and a thread track per LWP; slices for each process's life, its zombie time, fork1 calls,
/// system calls and sleeps; a flow arrow (`"ph":"s"` → `"ph":"f"`) from the fork in the parent to
/// the child's start; instant events for exits, reaps, signals and console messages.
/// </summary>
public sealed class PerfettoTrace
{
    private readonly Kernel kernel;
    private readonly VirtualClock clock;
    private readonly List<Dictionary<string, object>> events = [];
    private readonly SortedDictionary<int, string> processNames = [];
    private readonly SortedSet<(int Pid, int Tid)> threads = [];
    private readonly Dictionary<(int, int), Stack<(string Name, long Ts, Dictionary<string, object> Args)>> open = [];
    private readonly Dictionary<int, long> lifeStart = [], zombieStart = [];
    private readonly Dictionary<int, int> pendingFlow = [];
    private int nextFlow;

    private PerfettoTrace(Kernel k)
    {
        kernel = k;
        clock = new VirtualClock(k.Profile.Hz);
        // Processes that exist before the workload (proc0, init) live from the start.
        foreach (var p in k.AllProc)
        {
            lifeStart[p.Pid] = 0;
            Seen(p.Pid, p.MainLwp.Tid);
        }
        k.Probes.Listen(OnProbe);
    }

    public static PerfettoTrace Attach(Kernel k) => new(k);

    /// <summary>Perfetto keys threads by tid alone, so each LWP gets a tid unique across processes.</summary>
    private static int TrackTid(int pid, int tid) => pid * 1000 + tid;

    private void Seen(int pid, int tid)
    {
        threads.Add((pid, tid));
        var p = kernel.Pfind(pid) ?? kernel.Zpfind(pid);
        if (p != null) processNames[pid] = p.Comm;
    }

    private void OnProbe(ProbeEvent e)
    {
        long ts = clock.Next(e.Tick);
        if (e.Id != ProbeId.Console && e.Id != ProbeId.PidAllocated) Seen(e.Pid, e.Tid);
        switch (e.Id)
        {
            case ProbeId.ForkEntry:
                Begin(e, "fork1", ts, new() { ["flags"] = ProbeText.Flags(e.Arg0) });
                break;
            case ProbeId.ForkReturn:
                End(e, ts, new() { ["child"] = e.Pid2, ["errno"] = e.Error.ToString() });
                break;
            case ProbeId.SyscallEntry:
                // No system call nests in another: one still open on this LWP slept and
                // completed without a return probe, so it ends where the next one starts.
                CloseOpen(e.Pid, e.Tid, ts, "returned after sleeping");
                Begin(e, e.Text ?? $"syscall {e.Arg0}", ts, new() { ["number"] = e.Arg0 });
                break;
            case ProbeId.SyscallReturn:
                End(e, ts, new() { ["retval"] = e.Arg1, ["errno"] = e.Error.ToString() });
                break;
            case ProbeId.Sleep:
                Begin(e, $"sleep \"{e.Text}\"", ts, []);
                break;
            case ProbeId.Wakeup:
                End(e, ts, []);
                break;
            case ProbeId.ProcCreate:
                pendingFlow[e.Pid2] = ++nextFlow;
                Add("s", "fork", e.Pid, e.Tid, ts, new() { ["id"] = nextFlow, ["cat"] = "fork" });
                break;
            case ProbeId.ProcStart:
                lifeStart[e.Pid] = ts;
                if (pendingFlow.Remove(e.Pid, out int flow))
                    Add("f", "fork", e.Pid, e.Tid, ts, new() { ["id"] = flow, ["cat"] = "fork", ["bp"] = "e" });
                break;
            case ProbeId.ProcExit:
                CloseOpen(e.Pid, e.Tid, ts, "did not return (exit)");
                CloseLife(e.Pid, e.Tid, ts);
                zombieStart[e.Pid] = ts;
                Instant(e, "exit", ts, "t", new() { ["status"] = Wait.Describe((int)e.Arg0) });
                break;
            case ProbeId.ProcReap:
                if (zombieStart.Remove(e.Pid2, out long z))
                    Complete("zombie", e.Pid2, 0, z, ts, []);
                Instant(e, "reap", ts, "t", new() { ["child"] = e.Pid2, ["status"] = Wait.Describe((int)e.Arg0) });
                break;
            case ProbeId.SignalSend or ProbeId.SignalDeliver:
                Instant(e, $"{(e.Id == ProbeId.SignalSend ? "signal" : "deliver")} {Sig.Name((int)e.Arg0)}", ts, "t", []);
                break;
            case ProbeId.ProcExec:
                Instant(e, "exec", ts, "t", new() { ["path"] = e.Text ?? "" });
                break;
            case ProbeId.ForkLimitRefused:
                Instant(e, "fork refused", ts, "t", new() { ["limit"] = e.Arg0 == 1 ? "maxproc" : "RLIMIT_NPROC" });
                break;
            case ProbeId.Console:
                Add("i", "console", 0, 0, ts, new() { ["s"] = "g", ["args"] = new Dictionary<string, object> { ["message"] = e.Text ?? "" } });
                break;
        }
    }

    private void Begin(in ProbeEvent e, string name, long ts, Dictionary<string, object> args)
    {
        if (!open.TryGetValue((e.Pid, e.Tid), out var stack)) open[(e.Pid, e.Tid)] = stack = new();
        stack.Push((name, ts, args));
    }

    private void End(in ProbeEvent e, long ts, Dictionary<string, object> more)
    {
        if (!open.TryGetValue((e.Pid, e.Tid), out var stack) || stack.Count == 0) return;
        var (name, start, args) = stack.Pop();
        foreach (var (k, v) in more) args[k] = v;
        Complete(name, e.Pid, e.Tid, start, ts, args);
    }

    /// <summary>End every slice still open on an LWP, saying why in its args.</summary>
    private void CloseOpen(int pid, int tid, long ts, string why)
    {
        if (!open.TryGetValue((pid, tid), out var stack)) return;
        while (stack.Count > 0)
        {
            var (name, start, args) = stack.Pop();
            args["end"] = why;
            Complete(name, pid, tid, start, ts, args);
        }
    }

    private void CloseLife(int pid, int tid, long ts)
    {
        if (lifeStart.Remove(pid, out long start)) Complete(processNames.GetValueOrDefault(pid, "proc"), pid, tid, start, ts, []);
    }

    private void Complete(string name, int pid, int tid, long start, long end, Dictionary<string, object> args) =>
        Add("X", name, pid, tid, start, new() { ["dur"] = Math.Max(1, end - start), ["args"] = args });

    private void Instant(in ProbeEvent e, string name, long ts, string scope, Dictionary<string, object> args) =>
        Add("i", name, e.Pid, e.Tid, ts, new() { ["s"] = scope, ["args"] = args });

    private void Add(string ph, string name, int pid, int tid, long ts, Dictionary<string, object> extra)
    {
        var ev = new Dictionary<string, object> { ["name"] = name, ["ph"] = ph, ["ts"] = ts, ["pid"] = pid, ["tid"] = TrackTid(pid, tid) };
        foreach (var (k, v) in extra) ev[k] = v;
        events.Add(ev);
    }

    /// <summary>The trace file's text: metadata (names, order) first, then the events as they happened.</summary>
    public string ToJson(string profile, string workload)
    {
        long end = clock.Last + 1;
        foreach (var (pid, tid) in open.Keys.Order().ToList()) CloseOpen(pid, tid, end, "still running at the end of the trace");
        foreach (var pid in lifeStart.Keys.Order().ToList()) CloseLife(pid, 0, end);
        var all = new List<Dictionary<string, object>>();
        foreach (var (pid, name) in processNames)
        {
            all.Add(Meta("process_name", pid, 0, new() { ["name"] = $"{name} (pid {pid})" }));
            all.Add(Meta("process_sort_index", pid, 0, new() { ["sort_index"] = pid }));
        }
        foreach (var (pid, tid) in threads)
            all.Add(Meta("thread_name", pid, tid, new() { ["name"] = $"lwp {pid}/{tid}" }));
        all.AddRange(events);

        var sb = new StringBuilder("{\"traceEvents\":[\n");
        for (int i = 0; i < all.Count; i++)
            sb.Append(JsonSerializer.Serialize(all[i], JsonOut.Compact)).Append(i + 1 < all.Count ? ",\n" : "\n");
        sb.Append("],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":");
        sb.Append(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["profile"] = profile, ["workload"] = workload, ["clock"] = clock.Describe,
        }, JsonOut.Compact));
        sb.Append("}\n");
        return sb.ToString();
    }

    private static Dictionary<string, object> Meta(string name, int pid, int tid, Dictionary<string, object> args) =>
        new() { ["name"] = name, ["ph"] = "M", ["pid"] = pid, ["tid"] = TrackTid(pid, tid), ["args"] = args };
}
