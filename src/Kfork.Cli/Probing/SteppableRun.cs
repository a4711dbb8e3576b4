using System.Runtime.ExceptionServices;
using Kfork.Cli.Workloads;
using Kfork.Kern;

namespace Kfork.Cli.Probing;

/// <summary>Where a <see cref="SteppableRun"/> is: paused at an event, or finished.</summary>
public abstract record RunState
{
    public sealed record NotStarted : RunState;
    public sealed record Paused(RecordedEvent At) : RunState;
    public sealed record Finished(int ExitCode) : RunState;
}

/// <summary>
/// A workload run on a worker thread that can stop inside a probe callback: the kernel is frozen
/// mid-operation (the worker blocks in the callback) while the caller's thread reads it, as DDB
/// stops a machine. The hand-over through semaphores makes the worker's writes visible to the
/// reader and back; only one thread touches the kernel at a time, so the kernel needs no locks.
/// Used by `ddb` and by every listing's `--stop-at`.
/// </summary>
public sealed class SteppableRun : IDisposable
{
    private readonly IWorkload workload;
    private readonly SemaphoreSlim toWorker = new(0), toCaller = new(0);
    private readonly Queue<RecordedEvent> recent = new();
    private Thread? worker;
    private bool aborting;
    private ExceptionDispatchInfo? fault;

    /// <summary>Asked at every event; true pauses the run there.</summary>
    public Func<RecordedEvent, bool> ShouldPause { get; set; } = _ => false;

    /// <summary>How many recent events <see cref="Recent"/> keeps.</summary>
    public int RecentCapacity { get; init; } = 64;

    public RunState State { get; private set; } = new RunState.NotStarted();
    public long EventCount { get; private set; }
    public IEnumerable<RecordedEvent> Recent => recent;
    public Kernel Kernel => workload.Kernel;

    public SteppableRun(IWorkload workload)
    {
        this.workload = workload;
        workload.Kernel.Probes.Listen(OnProbe);
    }

    /// <summary>Start or continue the run until the next pause or the end; the new state.</summary>
    public RunState Resume()
    {
        if (State is RunState.Finished) return State;
        if (worker == null)
        {
            // Guests recurse in the trap path; give the worker a stack like a host main thread's.
            worker = new Thread(WorkerMain, 16 << 20) { IsBackground = true, Name = "kfork workload" };
            worker.Start();
        }
        else
        {
            toWorker.Release();
        }
        toCaller.Wait();
        fault?.Throw();
        return State;
    }

    /// <summary>Run to the end, ignoring <see cref="ShouldPause"/>.</summary>
    public RunState RunToEnd()
    {
        ShouldPause = _ => false;
        return Resume();
    }

    private void WorkerMain()
    {
        try
        {
            State = new RunState.Finished(workload.Run());
        }
        catch (RunAbortedException)
        {
            State = new RunState.Finished(-1);
        }
        catch (Exception e)
        {
            fault = ExceptionDispatchInfo.Capture(e);
            State = new RunState.Finished(-1);
        }
        toCaller.Release();
    }

    private void OnProbe(ProbeEvent e)
    {
        var rec = new RecordedEvent(++EventCount, e);
        recent.Enqueue(rec);
        if (recent.Count > RecentCapacity) recent.Dequeue();
        if (aborting || !ShouldPause(rec)) return;
        State = new RunState.Paused(rec);
        toCaller.Release();
        toWorker.Wait();
        if (aborting) throw new RunAbortedException();
    }

    /// <summary>
    /// Stop a paused run for good: the worker leaves the callback with an exception that unwinds
    /// the workload (the kernel is abandoned mid-operation, which is fine: nobody reads it after).
    /// </summary>
    public void Dispose()
    {
        if (State is RunState.Paused && worker != null)
        {
            aborting = true;
            toWorker.Release();
            toCaller.Wait();
            worker.Join();
        }
        workload.Kernel.Probes.Unlisten(OnProbe);
    }

    private sealed class RunAbortedException : Exception;
}
