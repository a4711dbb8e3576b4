using Kfork.Profiles;
using Kfork.Sys;
using Kfork.Vm;

namespace Kfork.Kern;

/// <summary>Boot-time settings of a kernel.</summary>
public sealed record KernelOptions
{
    public Profile Profile { get; init; } = Builtin.FreeBsd;
    /// <summary>Seeds arc4random; the same seed gives the same run.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Boot-time sysctl settings (loader tunables), e.g. kern.maxproc=200.</summary>
    public IReadOnlyDictionary<string, string> Tunables { get; init; } = new Dictionary<string, string>();
    /// <summary>
    /// When init is not a guest program, the kernel runs init's job itself: every child of init
    /// that becomes a zombie is reaped at once, as init(8)'s wait loop would.
    /// </summary>
    public bool InitReapsOrphans { get; init; } = true;
    /// <summary>The host directory the guest sees as `/`, read-only (`kfork run --root DIR`); null for none.</summary>
    public string? RootDirectory { get; init; }
    /// <summary>What /dev/console and descriptors 0, 1, 2 of the first program read and write.</summary>
    public Stream? ConsoleIn { get; init; }
    public Stream? ConsoleOut { get; init; }
    public Stream? ConsoleErr { get; init; }
    /// <summary>Which pid allocator the kernel boots with; the tunable kern.pid_allocator=bitmap|scan overrides it.</summary>
    public PidAllocatorKind PidAllocator { get; init; } = PidAllocatorKind.Fast;
}

/// <summary>
/// The kernel: it owns every table. There are no statics; tests run many kernels side by side.
///
/// Lock order (for a future SMP mode; today one host thread runs the kernel, as under a Giant
/// lock, and the order below is what every path already respects):
///   allproc (a) → proctree (t) → process group (g) → process (p) → scheduler (s).
/// A method whose name ends in Locked expects its caller to hold the lock its comment names.
///
/// Invariants (checked by <see cref="Invariants"/> after every step in tests):
///   nprocs = live + zombie processes; each uid's ui_proccnt = processes charged to it;
///   every process is on its parent's children list; process-group and session membership
///   agree; no id is used by two different live objects; the reference counts of ucred, plimit,
///   sigacts, filedesc and vmspace equal their holders; each open file's f_count equals the
///   descriptors referring to it; no parent is left PHOLD'd.
/// </summary>
public sealed partial class Kernel
{
    public Profile Profile { get; }
    public KernelOptions Options { get; }

    /// <summary>proc0: the swapper, parent of init and of kernel threads.</summary>
    public Proc Proc0 { get; }
    /// <summary>initproc: pid 1, adopts orphans.</summary>
    public Proc InitProc { get; private set; } = null!;

    /// <summary>The fork counters (vmmeter).</summary>
    public Vmmeter Cnt { get; } = new();

    public Arc4random Random { get; }
    public FaultInjector Faults { get; } = new();
    public Probes Probes { get; } = new();

    /// <summary>Console messages (kprintf, log, tablefull) in order.</summary>
    public List<string> ConsoleLog { get; } = [];

    /// <summary>Set when init exited: the machine halts with init's status.</summary>
    public int? HaltStatus { get; private set; }

    public Kernel(KernelOptions? options = null)
    {
        Options = options ?? new KernelOptions();
        Profile = Options.Profile;
        Random = new Arc4random(Options.Seed);
        InitSysctls();
        ApplyTunables(Options.Tunables);
        pids = new PidTable(Profile.PidMax);
        PidAllocator = CreatePidAllocator();
        Proc0 = CreateProc0();
        InitProc = CreateInit();
    }

    /// <summary>kprintf/log: a console message, also a probe.</summary>
    internal void Kprintf(string message)
    {
        ConsoleLog.Add(message);
        if (Probes.Enabled) Fire(ProbeId.Console, (Proc?)null, text: message);
    }

    /// <summary>Fire a probe about a process (its first LWP).</summary>
    internal void Fire(ProbeId id, Proc? p, int pid2 = 0, long arg0 = 0, long arg1 = 0, Errno error = Errno.OK, string? text = null) =>
        Probes.Fire(new ProbeEvent(id, Ticks, p?.Pid ?? 0, p?.FirstLwp?.Tid ?? 0, pid2, arg0, arg1, error, text));

    /// <summary>Fire a probe about one LWP, with its own tid.</summary>
    internal void Fire(ProbeId id, Lwp td, int pid2 = 0, long arg0 = 0, long arg1 = 0, Errno error = Errno.OK, string? text = null) =>
        Probes.Fire(new ProbeEvent(id, Ticks, td.Proc.Pid, td.Tid, pid2, arg0, arg1, error, text));

    /// <summary>proc0_init: pid 0, session 0, group 0, root credentials, default limits.</summary>
    private Proc CreateProc0()
    {
        var p = new Proc { Pid = 0, Comm = "swapper", Flag = ProcFlags.P_SYSTEM, Stat = ProcStat.SACTIVE };
        var ui = UiFind(0);
        ui.RefCount++;
        p.Ucred = new Ucred { RuidInfo = ui };
        p.Limit = DefaultLimits();
        p.Sigacts = new Sigacts();
        p.Fd = new Filedesc();
        p.Vmspace = new Vmspace();
        var session = new Session { Id = 0, Leader = p, Count = 1 };
        var pgrp = new Pgrp { Id = 0, Session = session };
        pgrps.Set(0, pgrp);
        p.Pgrp = pgrp;
        PgrpInsertHead(pgrp, p);
        AttachFirstLwp(p, new Lwp { Proc = p });
        AllprocInsert(p);
        pids.Set(0, p);
        PidReference(0, 3);
        ChgProcCnt(ui, 1, 0);
        return p;
    }

    /// <summary>
    /// create_init: fork1 from proc0 with the profile's flags, then started. The child becomes
    /// its own session and group leader, as init(8) does with setsid() first thing.
    /// </summary>
    private Proc CreateInit()
    {
        var error = Fork1(Proc0.MainLwp, Profile.InitForkFlags, out var init);
        Debug.KAssert(error == Errno.OK && init != null && init.Pid == 1, "create_init: fork1 gave pid 1");
        init!.Comm = "init";
        InitProc = init;
        StartChild(Proc0.MainLwp, init);
        error = SetSid(init.MainLwp);
        Debug.KAssert(error == Errno.OK, "create_init: setsid");
        return init;
    }

    private Plimit DefaultLimits()
    {
        var l = new Plimit();
        for (int i = 0; i < Rlimit.Count; i++) l.Limits[i] = new Rlimit(Rlimit.Infinity, Rlimit.Infinity);
        l[RlimitKind.Nproc] = new Rlimit(MaxProcPerUid, MaxProcPerUid);
        l[RlimitKind.Nofile] = new Rlimit(MaxFilesPerProc, MaxFilesPerProc);
        l[RlimitKind.Stack] = new Rlimit(8L << 20, 64L << 20);
        l[RlimitKind.Data] = new Rlimit(512L << 20, 512L << 20);
        return l;
    }

    /// <summary>init exited: FreeBSD panics ("init died"); Kfork halts the machine with init's status instead.</summary>
    private void Halt(int status) => HaltStatus = status;
}
