using Kfork.Vm;

namespace Kfork.Sys;

/// <summary>p_stat. The run/sleep distinction of FreeBSD's SRUN/SSLEEP lives in each LWP's <see cref="LwpStat"/>.</summary>
public enum ProcStat : byte
{
    /// <summary>SIDL: being created by fork1; invisible to lookups until started.</summary>
    SIDL = 1,
    /// <summary>SACTIVE (DragonFly) / SRUN (FreeBSD): started; its LWPs run or sleep.</summary>
    SACTIVE = 2,
    /// <summary>SSTOP: stopped by a signal.</summary>
    SSTOP = 3,
    /// <summary>SZOMB: exited, waiting for its parent's wait4.</summary>
    SZOMB = 4,
}

/// <summary>p_flag bits Kfork uses (FreeBSD's values where they exist).</summary>
[Flags]
public enum ProcFlags
{
    None = 0,
    /// <summary>P_CONTROLT: has a controlling terminal.</summary>
    P_CONTROLT = 0x00002,
    /// <summary>P_PROFIL: profiling (startprofclock); inherited by the child.</summary>
    P_PROFIL = 0x00020,
    /// <summary>P_PPWAIT: the parent waits for this child to exec or exit (vfork).</summary>
    P_PPWAIT = 0x00010,
    /// <summary>P_SUGID: credentials changed since the last exec; inherited by fork.</summary>
    P_SUGID = 0x00100,
    /// <summary>P_SYSTEM: a system process (proc0, kernel threads): never signalled from user space.</summary>
    P_SYSTEM = 0x00200,
    /// <summary>P_KTHREAD: a kernel thread made by kthread_create.</summary>
    P_KTHREAD = 0x00004,
    /// <summary>P_WAITED: a stop was reported by wait4 already.</summary>
    P_WAITED = 0x01000,
    /// <summary>P_WEXIT: exit1 is tearing the process down.</summary>
    P_WEXIT = 0x02000,
    /// <summary>P_EXEC: has exec'd since fork (setpgid's EACCES rule).</summary>
    P_EXEC = 0x04000,
    /// <summary>P_ALTSTACK (FreeBSD, 002_…:492): on the alternate signal stack; inherited.</summary>
    P_ALTSTACK = 0x200000,
    /// <summary>P_JAILED (DragonFly, 001_…:402): the credential is jailed.</summary>
    P_JAILED = 0x1000000,
    /// <summary>P_CONTINUED: continued by SIGCONT, not yet reported to WCONTINUED.</summary>
    P_CONTINUED = 0x8000000,
}

/// <summary>
/// struct proc. Fields are grouped by what fork1 does with them, as FreeBSD's
/// p_startzero/p_startcopy regions do (002_…:387-391, 001_…:387-388):
/// created new for the child, zeroed, copied from the parent, or shared by reference count.
/// Lock key (for a future SMP mode; one kernel lock today): (a) allproc lock, (t) proctree lock,
/// (p) the process's own lock, (g) the process group's lock.
/// </summary>
public sealed class Proc
{
    // ---- created new by fork1 ----

    /// <summary>p_pid (a).</summary>
    public int Pid;
    /// <summary>Creation order in this kernel (not a BSD field): tells a reused pid from its first owner.</summary>
    public long Serial;
    /// <summary>p_stat (a).</summary>
    public ProcStat Stat = ProcStat.SIDL;
    /// <summary>p_flag (p). Set to 0 then filled from the parent's inherited bits.</summary>
    public ProcFlags Flag;
    /// <summary>p_list on allproc or zombproc (a).</summary>
    internal Proc? ListNext, ListPrev;
    /// <summary>p_pptr (t).</summary>
    public Proc? Parent;
    /// <summary>p_children head (t).</summary>
    public Proc? FirstChild;
    /// <summary>p_sibling (t).</summary>
    internal Proc? SiblingNext, SiblingPrev;
    /// <summary>p_pglist: the process group's member list (g).</summary>
    internal Proc? PgNext, PgPrev;
    /// <summary>p_peers: RFTHREAD peers of the leader (p).</summary>
    public Proc? Peers;
    /// <summary>p_leader: the RFTHREAD leader, or the process itself (p).</summary>
    public Proc Leader;
    /// <summary>The LWPs, sorted by tid (DragonFly's p_lwp_tree).</summary>
    public Lwp? FirstLwp;
    /// <summary>p_nthreads.</summary>
    public int NThreads;
    /// <summary>p_lasttid: the last tid handed out; -1 so the first is 0 (001_…:373).</summary>
    public int LastTid = -1;
    /// <summary>p_lock: PHOLD count; fork holds the parent while it copies from it.</summary>
    public int Holds;
    /// <summary>p_klist: knotes watching this process (EVFILT_PROC).</summary>
    public List<Knote>? Klist;

    // ---- zeroed at fork (p_startzero .. p_endzero) ----

    /// <summary>p_siglist: signals pending for the process.</summary>
    public Sigset SigList;
    /// <summary>p_xstat: the wait status once exited or stopped.</summary>
    public int Xstat;
    /// <summary>p_estcpu: scheduler's CPU estimate (FreeBSD copies the parent's, 002_…:548).</summary>
    public int Estcpu;
    /// <summary>p_traceflag: ktrace facilities; inherited only with KTRFAC_INHERIT.</summary>
    public int TraceFlag;
    /// <summary>p_tracep / p_tracenode: where ktrace records go.</summary>
    public KtraceNode? TraceNode;
    /// <summary>p_start: the virtual tick at which fork finished (microtime in the seeds).</summary>
    public long StartTick;
    /// <summary>p_acflag: AFORK until the process execs.</summary>
    public int AcFlag;
    /// <summary>Children's exits reaped, for listings (p_stats->p_cru stands for it).</summary>
    public long ChildrenReaped;
    /// <summary>Signals delivered to a handler.</summary>
    public long SignalsCaught;

    // ---- copied from the parent (p_startcopy .. p_endcopy) ----

    /// <summary>p_comm.</summary>
    public string Comm = "";
    /// <summary>p_nice.</summary>
    public int Nice;
    /// <summary>p_pgrp (g): in the copy region, so the child starts in its parent's group.</summary>
    public Pgrp Pgrp = null!;
    /// <summary>p_textvp: the executable's path (procfs's text vnode).</summary>
    public string? TextPath;

    // ---- shared, reference-counted ----

    /// <summary>p_ucred.</summary>
    public Ucred Ucred = null!;
    /// <summary>p_limit.</summary>
    public Plimit Limit = null!;
    /// <summary>p_sigacts (FreeBSD's p_procsig folded in).</summary>
    public Sigacts Sigacts = null!;
    /// <summary>p_fd.</summary>
    public Filedesc Fd = null!;
    /// <summary>p_fdtol (DragonFly).</summary>
    public FiledescToLeader? FdToLeader;
    /// <summary>p_vmspace.</summary>
    public Vmspace Vmspace = null!;

    /// <summary>p_sigparent: the signal sent to the parent at exit (SIGCHLD, or SIGUSR1 with RFLINUXTHPN).</summary>
    public int SigParent = Sig.SIGCHLD;

    public Proc() { Leader = this; }

    public Session Session => Pgrp.Session;

    /// <summary>The process's only or first LWP (ONLY_LWP_IN_PROC when NThreads == 1).</summary>
    public Lwp MainLwp => FirstLwp ?? throw new Kern.PanicException("process has no LWP");

    public override string ToString() => $"pid {Pid} ({Comm})";
}

/// <summary>ktrace's destination: a named sink with a reference count (vnode in the seeds).</summary>
public sealed class KtraceNode
{
    public int RefCount = 1;
    public required string Name;
}

/// <summary>ktrace facility bits; KTRFAC_INHERIT makes fork pass tracing on (002_…:532).</summary>
public static class Ktr
{
    public const int KTRFAC_SYSCALL = 1 << 1, KTRFAC_SYSRET = 1 << 2, KTRFAC_PSIG = 1 << 5;
    public const int KTRFAC_INHERIT = 0x40000000;
}
