using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>kern_resource.c: per-uid process counts (chgproccnt), resource limits and their sharing.</summary>
public sealed partial class Kernel
{
    private readonly Dictionary<int, Uidinfo> uidinfo = [];

    /// <summary>uifind: the uidinfo of a uid, created on first use (the caller takes a reference).</summary>
    internal Uidinfo UiFind(int uid)
    {
        if (!uidinfo.TryGetValue(uid, out var ui))
        {
            ui = new Uidinfo { Uid = uid };
            uidinfo[uid] = ui;
        }
        return ui;
    }

    /// <summary>uifree: drop a reference; the entry goes when unreferenced and counting nothing.</summary>
    internal void UiFree(Uidinfo ui)
    {
        if (--ui.RefCount == 0 && ui.ProcCount == 0) uidinfo.Remove(ui.Uid);
    }

    /// <summary>The uidinfo entries in use, for the invariant checker and listings.</summary>
    public IEnumerable<Uidinfo> UidInfos => uidinfo.Values;

    /// <summary>
    /// chgproccnt: add <paramref name="diff"/> to the uid's process count, refusing to grow it past
    /// <paramref name="max"/> unless max is 0 (root's call passes 0: no limit, 002_…:276-277).
    /// </summary>
    internal static bool ChgProcCnt(Uidinfo ui, int diff, long max)
    {
        if (diff > 0 && max != 0 && ui.ProcCount + diff > max) return false;
        ui.ProcCount += diff;
        Debug.KAssert(ui.ProcCount >= 0, $"chgproccnt: negative proccnt for uid {ui.Uid}");
        return true;
    }

    /// <summary>
    /// plimit_fork / the p_limit sharing of 002_…:474-486: share the parent's limits copy-on-write,
    /// unless the structure must not be shared (FreeBSD's PL_SHAREMOD, DragonFly's exclusive plimit).
    /// </summary>
    private static Plimit PlimitFork(Proc p1)
    {
        var l = p1.Limit;
        if (l.ShareModified || l.Exclusive) return l.Copy();
        l.RefCount++;
        return l;
    }

    /// <summary>plimit_free / limfree.</summary>
    private static void PlimitFree(Plimit l) => l.RefCount--;

    /// <summary>
    /// plimit_lwp_fork (DragonFly, 001_…:198): a process about to get a second LWP takes a private,
    /// exclusive copy of its limits so that its threads modify one structure.
    /// </summary>
    private static void PlimitLwpFork(Proc p)
    {
        if (p.Limit.RefCount > 1)
        {
            var copy = p.Limit.Copy();
            PlimitFree(p.Limit);
            p.Limit = copy;
        }
        p.Limit.Exclusive = true;
    }

    /// <summary>getrlimit(2).</summary>
    public Errno GetRlimit(Lwp td, int resource, out Rlimit limit)
    {
        limit = default;
        if ((uint)resource >= Rlimit.Count) return Errno.EINVAL;
        limit = td.Proc.Limit.Limits[resource];
        return Errno.OK;
    }

    /// <summary>
    /// setrlimit(2) / dosetrlimit: EINVAL for a bad resource or a negative value; only root may set
    /// either value above the current hard limit (EPERM); a soft limit above the new hard limit is
    /// lowered to it; NPROC and NOFILE are capped at maxprocperuid and maxfilesperproc. A shared
    /// plimit is copied before it is changed (limcopy), unless modifications are shared (PL_SHAREMOD).
    /// </summary>
    public Errno SetRlimit(Lwp td, int resource, Rlimit limit)
    {
        if ((uint)resource >= Rlimit.Count) return Errno.EINVAL;
        if (limit.Cur < 0 || limit.Max < 0) return Errno.EINVAL;
        var p = td.Proc;
        var old = p.Limit.Limits[resource];
        if ((limit.Cur > old.Max || limit.Max > old.Max) && p.Ucred.Uid != 0) return Errno.EPERM;
        if (limit.Cur > limit.Max) limit = limit with { Cur = limit.Max };
        long cap = (RlimitKind)resource switch
        {
            RlimitKind.Nproc => MaxProcPerUid,
            RlimitKind.Nofile => MaxFilesPerProc,
            _ => Rlimit.Infinity,
        };
        limit = new Rlimit(Math.Min(limit.Cur, cap), Math.Min(limit.Max, cap));
        if (p.Limit.RefCount > 1 && !p.Limit.ShareModified)
        {
            var copy = p.Limit.Copy();
            PlimitFree(p.Limit);
            p.Limit = copy;
        }
        p.Limit.Limits[resource] = limit;
        return Errno.OK;
    }
}
