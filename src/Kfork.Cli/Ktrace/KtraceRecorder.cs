using Kfork.Kern;
using Kfork.Machine.Riscv;
using Kfork.Sys;
using static Kfork.Sys.RforkFlags;

namespace Kfork.Cli.Ktrace;

/// <summary>
/// ktrace(1) -i on init: init gets the facilities with KTRFAC_INHERIT and a trace node, so fork
/// passes them to every descendant as the seeds do (p_traceflag, p_tracenode); records come from
/// the probes, kept for the processes whose trace node is ours.
/// System calls come from SyscallEntry/SyscallReturn (guests). The demo drives the kernel through
/// the API without system-call entries, so outside a system call fork1's probes stand for
/// fork/vfork/rfork, ProcExit for exit and ProcReap for wait4.
/// </summary>
public sealed class KtraceRecorder
{
    public const int Facilities = Ktr.KTRFAC_SYSCALL | Ktr.KTRFAC_SYSRET | Ktr.KTRFAC_PSIG | Ktr.KTRFAC_INHERIT;

    private readonly Kernel kernel;
    private readonly KtraceNode node;
    private readonly List<KtraceRecord> records = [];
    /// <summary>The system call each LWP is in, from SyscallEntry to SyscallReturn.</summary>
    private readonly Dictionary<(int Pid, int Tid), string> inSyscall = [];
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
        var key = (e.Pid, e.Tid);
        switch (e.Id)
        {
            case ProbeId.SyscallEntry:
                inSyscall[key] = e.Text ?? $"#{e.Arg0}";
                Call(e, e.Text ?? $"#{e.Arg0}", GuestArgs(e));
                break;
            case ProbeId.SyscallReturn:
                inSyscall.Remove(key, out var name);
                Ret(e, name ?? e.Text ?? $"#{e.Arg0}", e.Arg1, e.Error);
                break;
            case ProbeId.ForkEntry when !inSyscall.ContainsKey(key):
                Call(e, ForkCallName(e.Arg0), ForkCallName(e.Arg0) == "rfork" ? [(long)UserFlags(e.Arg0)] : []);
                break;
            case ProbeId.ForkReturn when !inSyscall.ContainsKey(key):
                Ret(e, ForkCallName(e.Arg0), e.Pid2, e.Error);
                break;
            case ProbeId.ProcExit when !inSyscall.ContainsKey(key) && Wait.IfExited((int)e.Arg0):
                Call(e, "exit", [Wait.ExitStatus((int)e.Arg0)]);
                break;
            case ProbeId.ProcReap when !inSyscall.ContainsKey(key):
                Call(e, "wait4", [e.Pid2]);
                Ret(e, "wait4", e.Pid2, Errno.OK);
                break;
            case ProbeId.SignalDeliver:
                Add(e, Ktr.KTRFAC_PSIG, KtraceRecord.Psig, Sig.Name((int)e.Arg0));
                break;
        }
    }

    /// <summary>What fork1's flags say the caller asked for: vfork waits, fork is RFFDG|RFPROC, anything else rfork.</summary>
    private static string ForkCallName(long flags)
    {
        var f = UserFlags(flags);
        return (f & RFPPWAIT) != 0 ? "vfork" : f == (RFFDG | RFPROC) ? "fork" : "rfork";
    }

    /// <summary>The flags the caller passed: DragonFly's fork1 callers add RFPGLOCK themselves.</summary>
    private static RforkFlags UserFlags(long flags) => (RforkFlags)(uint)flags & ~RFPGLOCK;

    /// <summary>a0..a5 of a guest LWP at system-call entry; none for API-driven LWPs.</summary>
    private IReadOnlyList<long> GuestArgs(in ProbeEvent e)
    {
        int tid = e.Tid;
        var p = kernel.Pfind(e.Pid);
        var lwp = p == null ? null : Kernel.Lwps(p).FirstOrDefault(l => l.Tid == tid);
        return lwp?.Md is TrapFrame tf ? [.. tf.X.AsSpan(10, 6).ToArray().Select(v => (long)v)] : [];
    }

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
