using Kfork.Kern;
using Kfork.Sys;
using static Kfork.Sys.RforkFlags;

namespace Kfork.Cli.Ktrace;

/// <summary>
/// ktrace(1) -i on init: init gets the facilities with KTRFAC_INHERIT and a trace node, so fork
/// passes them to every descendant as the seeds do (p_traceflag, p_tracenode); records come from
/// the probes, kept for the processes whose trace node is ours.
/// System calls come from SyscallEntry/SyscallReturn (guests; a child's first return is
/// fork_return's SYSRET of fork, 0). The demo drives the kernel through the API without
/// system-call entries, so for API-driven LWPs fork1's probes stand for fork/vfork/rfork,
/// ProcExit for exit and ProcReap for wait4.
/// </summary>
public sealed class KtraceRecorder
{
    public const int Facilities = Ktr.KTRFAC_SYSCALL | Ktr.KTRFAC_SYSRET | Ktr.KTRFAC_PSIG | Ktr.KTRFAC_INHERIT;

    private readonly Kernel kernel;
    private readonly KtraceNode node;
    private readonly List<KtraceRecord> records = [];
    private long seq;

    public IReadOnlyList<KtraceRecord> Records => records;

    private KtraceRecorder(Kernel k, string name)
    {
        kernel = k;
        node = new KtraceNode { Name = name };
        var init = k.InitProc;
        init.TraceFlag = Facilities;
        init.TraceNode = node;
        k.Probes.Listen(OnProbe);
    }

    /// <summary>Start tracing init and its descendants-to-be; call before the workload runs.</summary>
    public static KtraceRecorder Attach(Kernel k, string name) => new(k, name);

    private Proc? Traced(int pid, int facility)
    {
        var p = kernel.Pfind(pid) ?? kernel.Zpfind(pid);
        return p != null && ReferenceEquals(p.TraceNode, node) && (p.TraceFlag & facility) != 0 ? p : null;
    }

    private void OnProbe(ProbeEvent e)
    {
        switch (e.Id)
        {
            case ProbeId.SyscallEntry:
                var (name, args) = ParseEntry(e.Text ?? $"#{e.Arg0}");
                Call(e, name, args);
                break;
            case ProbeId.SyscallReturn:
                Ret(e, e.Text ?? $"#{e.Arg0}", e.Arg1, e.Error);
                break;
            case ProbeId.ForkEntry when ApiDriven(e):
                Call(e, ForkCallName(e.Arg0), ForkCallName(e.Arg0) == "rfork" ? [(long)UserFlags(e.Arg0)] : []);
                break;
            case ProbeId.ForkReturn when ApiDriven(e):
                Ret(e, ForkCallName(e.Arg0), e.Pid2, e.Error);
                break;
            case ProbeId.ProcExit when ApiDriven(e) && Wait.IfExited((int)e.Arg0):
                Call(e, "exit", [Wait.ExitStatus((int)e.Arg0)]);
                break;
            case ProbeId.ProcReap when ApiDriven(e):
                Call(e, "wait4", [e.Pid2]);
                Ret(e, "wait4", e.Pid2, Errno.OK);
                break;
            case ProbeId.SignalDeliver:
                Add(e, Ktr.KTRFAC_PSIG, KtraceRecord.Psig, Sig.Name((int)e.Arg0));
                break;
        }
    }

    /// <summary>
    /// An LWP without machine state is driven through the kernel API (the demo): its fork, exit
    /// and wait4 have no system-call probes, so fork1's and exit1's stand for them. A guest's
    /// LWP makes real system calls, whose own probes are recorded instead.
    /// </summary>
    private bool ApiDriven(in ProbeEvent e)
    {
        int tid = e.Tid;
        var p = kernel.Pfind(e.Pid) ?? kernel.Zpfind(e.Pid);
        var lwp = p == null ? null : Kernel.Lwps(p).FirstOrDefault(l => l.Tid == tid);
        return lwp is { Md: null };
    }

    /// <summary>The entry probe's text is `name` or `name(0x1,0x2)` (subr_syscall's formatting).</summary>
    private static (string Name, IReadOnlyList<long> Args) ParseEntry(string text)
    {
        int open = text.IndexOf('(');
        if (open < 0 || !text.EndsWith(')')) return (text, []);
        var args = text[(open + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.StartsWith("0x", StringComparison.Ordinal)
                && ulong.TryParse(a.AsSpan(2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out ulong v) ? (long)v : 0L)
            .ToList();
        return (text[..open], args);
    }

    /// <summary>What fork1's flags say the caller asked for: vfork waits, fork is RFFDG|RFPROC, anything else rfork.</summary>
    private static string ForkCallName(long flags)
    {
        var f = UserFlags(flags);
        return (f & RFPPWAIT) != 0 ? "vfork" : f == (RFFDG | RFPROC) ? "fork" : "rfork";
    }

    /// <summary>The flags the caller passed: DragonFly's fork1 callers add RFPGLOCK themselves.</summary>
    private static RforkFlags UserFlags(long flags) => (RforkFlags)(uint)flags & ~RFPGLOCK;

    private void Call(in ProbeEvent e, string name, IReadOnlyList<long> args) =>
        Add(e, Ktr.KTRFAC_SYSCALL, KtraceRecord.Call, name, args);

    private void Ret(in ProbeEvent e, string name, long retval, Errno error)
    {
        if (error == Errno.OK) Add(e, Ktr.KTRFAC_SYSRET, KtraceRecord.Ret, name, retval: retval);
        else if (error == Errno.EJUSTRETURN) Add(e, Ktr.KTRFAC_SYSRET, KtraceRecord.Ret, name, ename: "JUSTRETURN");
        else Add(e, Ktr.KTRFAC_SYSRET, KtraceRecord.Ret, name, retval: -1, errno: (int)error, ename: error.ToString());
    }

    private void Add(in ProbeEvent e, int facility, string type, string name,
        IReadOnlyList<long>? args = null, long? retval = null, int? errno = null, string? ename = null)
    {
        var p = Traced(e.Pid, facility);
        if (p == null) return;
        records.Add(new KtraceRecord
        {
            Seq = ++seq, Tick = e.Tick, Pid = e.Pid, Tid = e.Tid, Comm = p.Comm, Type = type, Name = name,
            Args = args, Retval = retval, Errno = errno, Ename = ename,
        });
    }
}
