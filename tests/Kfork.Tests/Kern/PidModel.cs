using Kfork.Kern;
using Kfork.Profiles;
using Kfork.Sys;

namespace Kfork.Tests.Kern;

/// <summary>A pid allocator disagreed with another one fed the same history.</summary>
public sealed class PidMismatchException(string message) : Exception(message);

/// <summary>
/// A model of the process table as pid allocation sees it: live and zombie processes with their
/// process groups and sessions, kept in <see cref="ProcListModel"/> lists for the scan and
/// reported through Reference/Release for the bitmap, exactly as the kernel does (Fork.Commit,
/// EnterPgrp, LeavePgrp, ProcReap). Every allocation asks each allocator and requires the same
/// answer, so a model with both kinds is a differential test. proc0 (pid 0) and init (pid 1,
/// its own session) exist from the start; init never exits.
/// </summary>
internal sealed class PidModel
{
    public int PidMax { get; }
    public List<Proc> Live { get; } = [];
    public List<Proc> Zombies { get; } = [];
    /// <summary>kern.randompid as the seed's handler leaves it (002_…:184-190).</summary>
    public int RandomPid { get; private set; }
    public IReadOnlyList<IPidAllocator> Allocators => allocators;
    /// <summary>What the history exercised: allocations, EAGAINs, wrap-arounds (a pid below the previous lastpid).</summary>
    public int Allocations, Exhausted, Wraps;

    private readonly ProcListModel lists = new();
    private readonly IPidAllocator[] allocators;
    private readonly Dictionary<int, Pgrp> groups = [];

    public PidModel(int pidMax, params PidAllocatorKind[] kinds)
    {
        PidMax = pidMax;
        allocators = new IPidAllocator[kinds.Length];
        for (int i = 0; i < kinds.Length; i++)
            allocators[i] = kinds[i] == PidAllocatorKind.Fast ? new BitmapPidAllocator(pidMax) : lists.NewScanAllocator(pidMax);
        var session0 = new Session { Id = 0 };
        var proc0 = lists.AddLive(0, NewGroup(0, session0));
        proc0.Pgrp.MemberCount++;
        Reference(proc0);
        var init = Fork(proc0, highPid: false, offset: 0)!; // Live[0]: proc0 itself is never an operand
        SetSid(init);
    }

    public Proc Init => Live[0];
    public int LastPid => Agree(a => a.LastPid, "lastpid");

    /// <summary>fork1's pid choice on every allocator; they must agree on the errno, the pid and lastpid.</summary>
    public Errno Allocate(bool highPid, int offset, out int pid)
    {
        int before = LastPid;
        var error = allocators[0].Allocate(highPid, offset, out pid);
        for (int i = 1; i < allocators.Length; i++)
        {
            var e = allocators[i].Allocate(highPid, offset, out int p);
            if (e != error || p != pid)
                throw new PidMismatchException($"Allocate(highPid={highPid}, offset={offset}): {Name(0)} gave {error}/{pid}, {Name(i)} gave {e}/{p}");
        }
        int after = LastPid;
        Allocations++;
        if (error != Errno.OK) Exhausted++;
        else if (after < before) Wraps++;
        return error;
    }

    /// <summary>A fork: a new live process in the parent's group, or null when no pid is free (EAGAIN).</summary>
    public Proc? Fork(Proc parent, bool highPid, int offset)
    {
        if (Allocate(highPid, offset, out int pid) != Errno.OK) return null;
        var child = lists.AddLive(pid, parent.Pgrp);
        parent.Pgrp.MemberCount++;
        Live.Add(child);
        Reference(child);
        return child;
    }

    /// <summary>A fork that fails after choosing its pid: every allocator restores its cursor.</summary>
    public Errno FailedFork(bool highPid, int offset)
    {
        var saved = new PidCursor[allocators.Length];
        for (int i = 0; i < allocators.Length; i++) saved[i] = allocators[i].Save();
        var error = Allocate(highPid, offset, out _);
        for (int i = 0; i < allocators.Length; i++) allocators[i].Restore(saved[i]);
        _ = LastPid;
        return error;
    }

    /// <summary>exit1: the process becomes a zombie; its pid, pgid and sid stay in use.</summary>
    public void Exit(Proc p)
    {
        Debug.KAssert(p != Init, "model: init does not exit");
        SwapRemove(Live, p);
        lists.MoveToZombies(p);
        Zombies.Add(p);
    }

    /// <summary>proc_reap: the zombie's ids are released and it leaves its group.</summary>
    public void Reap(Proc p)
    {
        SwapRemove(Zombies, p);
        lists.RemoveZombie(p);
        Release(p);
        LeaveGroup(p);
    }

    /// <summary>setsid: refused (false) for a group leader or when a group already has the pid as its id.</summary>
    public bool SetSid(Proc p)
    {
        if (p.Pgrp.Id == p.Pid || groups.ContainsKey(p.Pid)) return false;
        Move(p, NewGroup(p.Pid, new Session { Id = p.Pid }));
        return true;
    }

    /// <summary>setpgid(0, pgid): a new group named by the pid, or an existing group of the same session.</summary>
    public bool SetPgid(Proc p, int pgid)
    {
        if (p.Session.Id == p.Pid) return false; // a session leader may not move
        if (!groups.TryGetValue(pgid, out var pg))
        {
            if (pgid != p.Pid) return false;
            pg = NewGroup(pgid, p.Session);
        }
        if (pg.Session != p.Session || pg == p.Pgrp) return false;
        Move(p, pg);
        return true;
    }

    /// <summary>kern.randompid's handler (002_…:184-190).</summary>
    public void SetRandomPid(long v) =>
        RandomPid = v < 0 || v > PidMax - 100 ? PidMax - 100 : v < 2 ? 0 : v < 100 ? 100 : (int)v;

    /// <summary>An id the allocators must treat as used: some live or zombie process names it.</summary>
    public bool InUse(int id)
    {
        if (id == 0) return true;
        foreach (var list in new[] { Live, Zombies })
            foreach (var p in list)
                if (p.Pid == id || p.Pgrp.Id == id || p.Session.Id == id) return true;
        return false;
    }

    private Pgrp NewGroup(int id, Session session)
    {
        var pg = new Pgrp { Id = id, Session = session };
        groups[id] = pg;
        return pg;
    }

    /// <summary>enterpgrp: references move from the old group and session to the new (Proc.cs EnterPgrp).</summary>
    private void Move(Proc p, Pgrp to)
    {
        Release(p);
        LeaveGroup(p);
        p.Pgrp = to;
        to.MemberCount++;
        Reference(p);
    }

    private void LeaveGroup(Proc p)
    {
        if (--p.Pgrp.MemberCount == 0) groups.Remove(p.Pgrp.Id);
    }

    private void Reference(Proc p)
    {
        foreach (var a in allocators) { a.Reference(p.Pid, 1); a.Reference(p.Pgrp.Id, 1); a.Reference(p.Session.Id, 1); }
    }

    private void Release(Proc p)
    {
        foreach (var a in allocators) { a.Release(p.Pid, 1); a.Release(p.Pgrp.Id, 1); a.Release(p.Session.Id, 1); }
    }

    private static void SwapRemove(List<Proc> list, Proc p)
    {
        int i = list.IndexOf(p);
        list[i] = list[^1];
        list.RemoveAt(list.Count - 1);
    }

    private int Agree(Func<IPidAllocator, int> read, string what)
    {
        int v = read(allocators[0]);
        for (int i = 1; i < allocators.Length; i++)
            if (read(allocators[i]) != v)
                throw new PidMismatchException($"{what}: {Name(0)} has {v}, {Name(i)} has {read(allocators[i])}");
        return v;
    }

    private string Name(int i) => allocators[i] is BitmapPidAllocator ? "bitmap" : "scan";
}

/// <summary>Kernels and profiles for the pid tests.</summary>
internal static class PidKernels
{
    /// <summary>A copy of <paramref name="profile"/> with another PID_MAX (Profile's properties are init-only).</summary>
    public static Profile WithPidMax(Profile profile, int pidMax)
    {
        var clone = (Profile)typeof(object).GetMethod("MemberwiseClone", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!
            .Invoke(profile, null)!;
        typeof(Profile).GetProperty(nameof(Profile.PidMax))!.SetValue(clone, pidMax);
        return clone;
    }

    public static Kernel Boot(PidAllocatorKind kind, int? pidMax = null, string profile = "freebsd", ulong seed = 1,
        params (string Name, string Value)[] tunables)
    {
        var p = Builtin.Find(profile)!;
        return new Kernel(new KernelOptions
        {
            Profile = pidMax is int max ? WithPidMax(p, max) : p,
            PidAllocator = kind,
            Seed = seed,
            Tunables = tunables.ToDictionary(t => t.Name, t => t.Value),
        });
    }
}
