using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>
/// Named probe points (sdt(9) style). ktrace, the trace exports and the debugger are built on
/// these, so they agree with each other.
/// </summary>
public enum ProbeId
{
    /// <summary>fork1 entered: Arg0 = flags.</summary>
    ForkEntry,
    /// <summary>fork1 returned: Errno, Pid2 = child (0 when none).</summary>
    ForkReturn,
    /// <summary>fork1 refused at a limit: Arg0 = 1 for maxproc, 2 for RLIMIT_NPROC.</summary>
    ForkLimitRefused,
    /// <summary>A pid was chosen: Pid2 = the pid.</summary>
    PidAllocated,
    /// <summary>proc:::create: the child is linked in (Pid = parent, Pid2 = child, Arg0 = flags).</summary>
    ProcCreate,
    /// <summary>The child was made runnable.</summary>
    ProcStart,
    /// <summary>proc:::exec: Text = path.</summary>
    ProcExec,
    /// <summary>proc:::exit: Arg0 = wait status.</summary>
    ProcExit,
    /// <summary>A zombie was reaped by wait4: Pid = parent, Pid2 = child, Arg0 = status.</summary>
    ProcReap,
    /// <summary>A signal was posted: Pid = target, Arg0 = signo.</summary>
    SignalSend,
    /// <summary>A signal's action was taken: Pid = target, Arg0 = signo.</summary>
    SignalDeliver,
    /// <summary>An LWP went to sleep: Text = wmesg.</summary>
    Sleep,
    /// <summary>An LWP was woken.</summary>
    Wakeup,
    /// <summary>A system call entered: Arg0 = number, Text = name.</summary>
    SyscallEntry,
    /// <summary>A system call returned: Arg0 = number, Errno, Arg1 = retval.</summary>
    SyscallReturn,
    /// <summary>A kernel message (kprintf, tablefull): Text.</summary>
    Console,
}

/// <summary>One probe firing. A value type so that firing allocates nothing but the text, if any.</summary>
public readonly record struct ProbeEvent(
    ProbeId Id, long Tick, int Pid, int Tid, int Pid2, long Arg0, long Arg1, Errno Error, string? Text);

/// <summary>
/// The probe registry of one kernel. Call sites test <see cref="Enabled"/> before building an
/// event, so a probe nobody listens to costs one field read.
/// </summary>
public sealed class Probes
{
    private readonly List<Action<ProbeEvent>> listeners = [];

    public bool Enabled { get; private set; }

    public void Listen(Action<ProbeEvent> listener)
    {
        listeners.Add(listener);
        Enabled = true;
    }

    public void Unlisten(Action<ProbeEvent> listener)
    {
        listeners.Remove(listener);
        Enabled = listeners.Count > 0;
    }

    public void Fire(in ProbeEvent e)
    {
        foreach (var l in listeners) l(e);
    }
}
