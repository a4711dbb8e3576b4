using Kfork.Kern;
using Kfork.Profiles;
using Kfork.Sys;
using static Kfork.Sys.RforkFlags;

namespace Kfork.Workloads;

/// <summary>
/// The built-in demonstration: a small session of process life driven through the system-call API.
/// A tree of forks, exits and waits; an orphan adopted by init; a vfork; an rfork sharing the
/// descriptor table; a fork refused at the limit. Every step is narrated; the same profile and
/// seed give the same text.
/// </summary>
public sealed class DemoWorkload(Profile profile, ulong seed = 1)
{
    public Kernel Kernel { get; } = new(new KernelOptions
    {
        Profile = profile,
        Seed = seed,
        Tunables = new Dictionary<string, string> { ["kern.maxproc"] = "40" },
    });

    private readonly List<string> log = [];

    /// <summary>Run the workload; returns the narration, one line per event.</summary>
    public IReadOnlyList<string> Run()
    {
        var k = Kernel;
        var sh = StartShell();
        var worker = Fork(sh, "worker");
        var leaf1 = Fork(worker, "leaf");
        var leaf2 = Fork(worker, "leaf");
        Exit(leaf1, 0);
        Wait(worker);
        Exit(worker, 3);
        Say($"pid {leaf2.Pid} is an orphan: its parent is now pid {leaf2.Parent!.Pid} ({leaf2.Parent.Comm})");
        Wait(sh);
        Exit(leaf2, 0);
        Say($"init reaped the orphan: zombie pid {leaf2.Pid} {(k.Zpfind(leaf2.Pid) == null ? "is gone" : "remains")}");

        Vfork(sh);
        RforkSharedFd(sh);
        RefuseAtLimit(sh);
        Say($"kern.lastpid = {k.PidAllocator.LastPid}, nprocs = {k.NProcs}, console: {k.ConsoleLog.Count} message(s)");
        foreach (var m in k.ConsoleLog) Say($"console: {m}");
        Invariants.Check(k);
        return log;
    }

    private void Say(string line) => log.Add($"[tick {Kernel.Ticks,3}] {line}");

    private Proc StartShell()
    {
        var k = Kernel;
        var init = k.InitProc.MainLwp;
        Check(k.SysFork(init), "fork");
        var sh = k.Pfind((int)init.Retval0)!;
        sh.Comm = "sh";
        // A 64 KiB data segment, so that the fork counters have pages to add (vm_dsize).
        sh.Vmspace.SetDataSegment(0x10_0000, 0);
        sh.Vmspace.Break(0x11_0000, ulong.MaxValue, out _);
        Check(k.SetSid(sh.MainLwp), "setsid");
        Check(k.SysSetuid(sh.MainLwp, 1001), "setuid");
        Say($"init (pid 1) forked pid {sh.Pid} (sh); setsid made session {sh.Session.Id}; setuid 1001");
        return sh;
    }

    private Proc Fork(Proc parent, string name)
    {
        var td = parent.MainLwp;
        Check(Kernel.SysFork(td), "fork");
        var child = Kernel.Pfind((int)td.Retval0)!;
        child.Comm = name;
        Say($"pid {parent.Pid} ({parent.Comm}) fork() = {child.Pid}; the child sees 0; group {child.Pgrp.Id}");
        return child;
    }

    private void Exit(Proc p, int code)
    {
        Kernel.SysExit(p.MainLwp, code);
        Kernel.RunUntilIdle();
        Say($"pid {p.Pid} ({p.Comm}) exit({code}): {(p.Stat == ProcStat.SZOMB ? "zombie until its parent waits" : p.Stat.ToString())}");
    }

    private void Wait(Proc parent)
    {
        var td = parent.MainLwp;
        var e = Kernel.SysWait4(td, -1, 0, 0);
        Check(e, "wait4");
        Say($"pid {parent.Pid} ({parent.Comm}) wait4(-1) = {td.Retval0}, status {Sys.Wait.Describe(td.WaitStatus)}");
    }

    private void Vfork(Proc sh)
    {
        var k = Kernel;
        var td = sh.MainLwp;
        var e = k.SysVfork(td);
        var child = sh.FirstChild!;
        child.Comm = "vchild";
        Say($"pid {sh.Pid} vfork(): {(e == Errno.EJUSTRETURN ? "parent sleeps on \"" + td.WMesg + "\"" : e.ToString())}; child pid {child.Pid} borrows its address space (refs {child.Vmspace.RefCount})");
        k.SysExit(child.MainLwp, 0);
        k.RunUntilIdle();
        Say($"child pid {child.Pid} _exit(0) released the parent: vfork() = {td.Retval0} ({td.CompletedError})");
        Check(k.SysWait4(td, child.Pid, 0, 0), "wait4");
    }

    private void RforkSharedFd(Proc sh)
    {
        var k = Kernel;
        var td = sh.MainLwp;
        Check(k.SysRfork(td, RFPROC), "rfork");
        var child = k.Pfind((int)td.Retval0)!;
        child.Comm = "rchild";
        Say($"pid {sh.Pid} rfork(RFPROC) = {child.Pid}: descriptor table shared ({(ReferenceEquals(child.Fd, sh.Fd) ? "same table" : "copied")}, refs {sh.Fd.RefCount})");
        k.SysExit(child.MainLwp, 0);
        Check(k.SysWait4(td, child.Pid, 0, 0), "wait4");
    }

    private void RefuseAtLimit(Proc sh)
    {
        var k = Kernel;
        var td = sh.MainLwp;
        Check(k.SetRlimit(td, (int)RlimitKind.Nproc, new Rlimit(3, 3)), "setrlimit");
        Say($"pid {sh.Pid} setrlimit(RLIMIT_NPROC, 3) with {td.Proc.Ucred.RuidInfo.ProcCount} processes for uid 1001");
        var children = new List<Proc>();
        for (int i = 0; i < 3; i++)
        {
            var e = k.SysFork(td);
            if (e == Errno.OK) { children.Add(k.Pfind((int)td.Retval0)!); Say($"fork() = {td.Retval0}"); continue; }
            if (e == Errno.EJUSTRETURN)
            {
                Say($"fork() refused: the profile sleeps on \"{td.WMesg}\" first");
                k.RunUntilIdle();
                e = td.CompletedError ?? e;
            }
            Say($"fork() = -1, errno {e} (limit refusal policy: {k.Profile.LimitRefusal})");
            break;
        }
        foreach (var c in children) { k.SysExit(c.MainLwp, 0); Check(k.SysWait4(td, c.Pid, 0, 0), "wait4"); }
    }

    private static void Check(Errno e, string what)
    {
        if (e != Errno.OK) throw new InvalidOperationException($"demo: {what} failed with {e}");
    }
}
