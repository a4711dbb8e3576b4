using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>
/// The model's INVARIANTS: a whole-kernel consistency check, run by the tests after every step.
/// Each violation is a kernel bug and panics with the invariant's name. O(processes + files).
/// Files: f_count equals the descriptors referring to the file (nothing else holds one), and a
/// file whose object has rules of its own (a pipe end, a kqueue) checks them (IFileInvariants).
/// </summary>
public static class Invariants
{
    public static void Check(Kernel k)
    {
        var all = new List<Proc>(k.AllProc);
        var zombies = new List<Proc>(k.ZombProc);
        Require(k.NProcs == all.Count + zombies.Count, $"nprocs {k.NProcs} != {all.Count} live + {zombies.Count} zombie");
        foreach (var p in all) CheckLive(k, p);
        foreach (var p in zombies) CheckZombie(k, p);
        var everyone = new List<Proc>(all);
        everyone.AddRange(zombies);
        CheckUids(k, everyone);
        CheckGroups(k, everyone);
        CheckIds(everyone);
        CheckPidUses(k, everyone);
        CheckSharedCounts(all, everyone);
        CheckSleepers(k, all);
    }

    private static void Require(bool ok, string what)
    {
        if (!ok) throw new PanicException("invariant: " + what);
    }

    private static void CheckLive(Kernel k, Proc p)
    {
        Require(p.Stat != ProcStat.SZOMB, $"{p} on allproc is a zombie");
        Require(k.Pfind(p.Pid) == p, $"{p} not in the pid table");
        Require(p.Holds == 0, $"{p} left PHOLD'd ({p.Holds})");
        CheckLwps(p);
        CheckParentLink(k, p);
    }

    private static void CheckZombie(Kernel k, Proc p)
    {
        Require(p.Stat == ProcStat.SZOMB, $"{p} on zombproc is not a zombie");
        Require(k.Pfind(p.Pid) == null, $"zombie {p} still in the pid table");
        Require(p.FirstChild == null, $"zombie {p} still has children");
        CheckParentLink(k, p);
    }

    private static void CheckParentLink(Kernel k, Proc p)
    {
        if (p == k.Proc0) { Require(p.Parent == null, "proc0 has a parent"); return; }
        var parent = p.Parent;
        Require(parent != null, $"{p} has no parent");
        Require(parent!.Stat != ProcStat.SZOMB, $"{p}'s parent {parent} is a zombie");
        bool listed = false;
        foreach (var c in Kernel.Children(parent)) listed |= c == p;
        Require(listed, $"{p} missing from {parent}'s children");
    }

    private static void CheckLwps(Proc p)
    {
        int n = 0, lastTid = int.MinValue;
        foreach (var lp in Kernel.Lwps(p))
        {
            Require(lp.Proc == p, $"{lp} belongs elsewhere");
            Require(lp.Tid > lastTid, $"{p}: tids not unique and ordered");
            lastTid = lp.Tid;
            n++;
        }
        Require(n == p.NThreads && n > 0, $"{p}: nthreads {p.NThreads} != {n} LWPs");
    }

    private static void CheckUids(Kernel k, List<Proc> everyone)
    {
        var counted = new Dictionary<Uidinfo, int>();
        var creds = new HashSet<Ucred>();
        foreach (var p in everyone)
        {
            counted[p.Ucred.RuidInfo] = counted.GetValueOrDefault(p.Ucred.RuidInfo) + 1;
            creds.Add(p.Ucred);
            Require(p.Ucred.RuidInfo.Uid == p.Ucred.Ruid, $"{p}: uidinfo of uid {p.Ucred.RuidInfo.Uid} for ruid {p.Ucred.Ruid}");
        }
        foreach (var ui in k.UidInfos)
            Require(ui.ProcCount == counted.GetValueOrDefault(ui), $"uid {ui.Uid}: proccnt {ui.ProcCount} != {counted.GetValueOrDefault(ui)}");
        var uiRefs = new Dictionary<Uidinfo, int>();
        foreach (var c in creds) uiRefs[c.RuidInfo] = uiRefs.GetValueOrDefault(c.RuidInfo) + 1;
        foreach (var (ui, refs) in uiRefs)
            Require(ui.RefCount == refs, $"uid {ui.Uid}: ui_ref {ui.RefCount} != {refs} credentials");
    }

    private static void CheckGroups(Kernel k, List<Proc> everyone)
    {
        var members = new Dictionary<Pgrp, int>();
        foreach (var p in everyone)
        {
            members[p.Pgrp] = members.GetValueOrDefault(p.Pgrp) + 1;
            Require(k.Pgfind(p.Pgrp.Id) == p.Pgrp, $"{p}: its group {p.Pgrp.Id} is not in the group table");
        }
        var sessionGroups = new Dictionary<Session, int>();
        foreach (var (pg, n) in members)
        {
            int listed = 0, qualifying = 0;
            foreach (var m in Kernel.Members(pg))
            {
                Require(m.Pgrp == pg, $"{m} listed in group {pg.Id} but belongs to {m.Pgrp.Id}");
                listed++;
                if (Kernel.Qualifies(m, pg)) qualifying++;
            }
            Require(listed == n && pg.MemberCount == n, $"group {pg.Id}: {listed} listed, {pg.MemberCount} counted, {n} members");
            Require(pg.JobControlCount == qualifying, $"group {pg.Id}: pg_jobc {pg.JobControlCount} != {qualifying}");
            sessionGroups[pg.Session] = sessionGroups.GetValueOrDefault(pg.Session) + 1;
        }
        foreach (var (s, n) in sessionGroups)
        {
            Require(s.Count == n, $"session {s.Id}: s_count {s.Count} != {n} groups");
            Require(s.Leader == null || (s.Leader.Pid == s.Id && s.Leader.Stat != ProcStat.SZOMB), $"session {s.Id}: bad leader");
        }
    }

    /// <summary>No process got a pid that a group or session of another process already used.</summary>
    private static void CheckIds(List<Proc> everyone)
    {
        var byPid = new Dictionary<int, Proc>();
        foreach (var p in everyone)
            Require(byPid.TryAdd(p.Pid, p), $"pid {p.Pid} used twice");
        foreach (var p in everyone)
        {
            if (byPid.TryGetValue(p.Pgrp.Id, out var owner))
                Require(owner.Serial <= p.Pgrp.CreatorSerial, $"pid {owner.Pid} reused while group {p.Pgrp.Id} exists");
            if (byPid.TryGetValue(p.Session.Id, out owner))
                Require(owner.Serial <= p.Session.CreatorSerial, $"pid {owner.Pid} reused while session {p.Session.Id} exists");
        }
    }

    /// <summary>
    /// The fast pid allocator's use counts are the ids the scan would see (002_…:344-346): each
    /// live or zombie process uses its pid, pgid and sid once, no other id is counted, and no
    /// used id is marked free. O(processes): unused ids are not visited.
    /// </summary>
    private static void CheckPidUses(Kernel k, List<Proc> everyone)
    {
        if (k.PidAllocator is not BitmapPidAllocator alloc) return;
        var uses = new Dictionary<int, int>();
        foreach (var p in everyone)
            foreach (int id in (ReadOnlySpan<int>)[p.Pid, p.Pgrp.Id, p.Session.Id])
                uses[id] = uses.GetValueOrDefault(id) + 1;
        Require(alloc.TotalUses == 3L * everyone.Count, $"pid uses {alloc.TotalUses} != 3 x {everyone.Count} processes");
        foreach (var (id, n) in uses)
        {
            Require(alloc.UseCount(id) == n, $"id {id}: pid use count {alloc.UseCount(id)} != {n}");
            Require(!alloc.IsFree(id), $"id {id} in use but marked free");
        }
    }

    private static void CheckSharedCounts(List<Proc> live, List<Proc> everyone)
    {
        CountHolders(everyone, p => p.Ucred, c => c.RefCount, "ucred");
        CountHolders(everyone, p => p.Sigacts, s => s.RefCount, "sigacts");
        CountHolders(live, p => p.Limit, l => l.RefCount, "plimit");
        CountHolders(live, p => p.Fd, f => f.RefCount, "filedesc");
        CountHolders(live, p => p.Vmspace, v => v.RefCount, "vmspace");
        var fileRefs = new Dictionary<OpenFile, int>();
        var tables = new HashSet<Filedesc>();
        foreach (var p in live) tables.Add(p.Fd);
        foreach (var fd in tables)
            foreach (var f in fd.Files)
                if (f != null) fileRefs[f] = fileRefs.GetValueOrDefault(f) + 1;
        foreach (var (f, n) in fileRefs)
        {
            // Descriptors are a file's only holders: a sleeping read or write keeps no reference.
            Require(f.RefCount == n, $"file {f.Name}: f_count {f.RefCount} != {n} descriptors");
            if (f.Ops is IFileInvariants own && own.Violation(f) is { } what) Require(false, what);
        }
    }

    private static void CountHolders<T>(List<Proc> procs, Func<Proc, T> get, Func<T, int> refs, string what) where T : class
    {
        var holders = new Dictionary<T, int>(ReferenceEqualityComparer.Instance);
        foreach (var p in procs)
        {
            var o = get(p);
            holders[o] = holders.GetValueOrDefault(o) + 1;
        }
        foreach (var (o, n) in holders)
            Require(refs(o) == n, $"{what}: refcount {refs(o)} != {n} holders");
    }

    private static void CheckSleepers(Kernel k, List<Proc> live)
    {
        int asleep = 0;
        foreach (var p in live)
            foreach (var lp in Kernel.Lwps(p))
            {
                if (lp.WChan == null) continue;
                asleep++;
                Require(lp.Stat == LwpStat.LSSLEEP && lp.Continuation != null, $"{lp} on a sleep queue but not asleep");
            }
        Require(asleep == k.Sleepers, $"sleepers {k.Sleepers} != {asleep}");
    }
}
