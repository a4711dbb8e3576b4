using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>
/// kern_proc.c: the process lists (allproc, zombproc), lookups (pfind, zpfind, pgfind), process
/// groups and sessions (enterpgrp, leavepgrp, pgdelete), and the orphaned-group test.
/// allproc/zombproc and the pid table are under the allproc lock (a); parent/child links under
/// the proctree lock (t); group membership under the group's lock (g).
/// </summary>
public sealed partial class Kernel
{
    private readonly PidTable pids;
    private readonly IdTable<Pgrp> pgrps = new(int.MaxValue - 1);
    private Proc? allprocHead, zombprocHead;

    /// <summary>nprocs: live and zombie processes, proc0 included (002_…:160).</summary>
    public int NProcs { get; private set; } = 1;

    /// <summary>Live processes (allproc), newest first as LIST_INSERT_HEAD leaves them.</summary>
    public IEnumerable<Proc> AllProc => Walk(allprocHead);
    /// <summary>Zombies (zombproc), newest first.</summary>
    public IEnumerable<Proc> ZombProc => Walk(zombprocHead);

    internal Proc? AllprocFirst => allprocHead;
    internal Proc? ZombprocFirst => zombprocHead;

    private static IEnumerable<Proc> Walk(Proc? head)
    {
        for (var p = head; p != null; p = p.ListNext) yield return p;
    }

    /// <summary>pfind: a live process by pid, or null. Zombies are not found (zpfind finds them).</summary>
    public Proc? Pfind(int pid) => pids.Get(pid);

    /// <summary>zpfind: a zombie by pid.</summary>
    public Proc? Zpfind(int pid)
    {
        for (var p = zombprocHead; p != null; p = p.ListNext)
            if (p.Pid == pid) return p;
        return null;
    }

    /// <summary>pgfind: a process group by id.</summary>
    public Pgrp? Pgfind(int pgid) => pgrps.Get(pgid);

    private void AllprocInsert(Proc p) => ListInsertHead(ref allprocHead, p);

    private static void ListInsertHead(ref Proc? head, Proc p)
    {
        p.ListPrev = null;
        p.ListNext = head;
        if (head != null) head.ListPrev = p;
        head = p;
    }

    private static void ListRemove(ref Proc? head, Proc p)
    {
        if (p.ListPrev != null) p.ListPrev.ListNext = p.ListNext; else head = p.ListNext;
        if (p.ListNext != null) p.ListNext.ListPrev = p.ListPrev;
        p.ListNext = p.ListPrev = null;
    }

    /// <summary>proc_move_allproc_zombie: exit1 moves the process to zombproc and out of the pid table.</summary>
    private void MoveToZombproc(Proc p)
    {
        ListRemove(ref allprocHead, p);
        ListInsertHead(ref zombprocHead, p);
        pids.Set(p.Pid, null);
    }

    private void RemoveFromZombproc(Proc p) => ListRemove(ref zombprocHead, p);

    // ---- parent/child links (t) ----

    /// <summary>LIST_INSERT_HEAD(&amp;pptr->p_children, p, p_sibling).</summary>
    private static void ChildInsertHead(Proc parent, Proc child)
    {
        child.Parent = parent;
        child.SiblingPrev = null;
        child.SiblingNext = parent.FirstChild;
        if (parent.FirstChild != null) parent.FirstChild.SiblingPrev = child;
        parent.FirstChild = child;
    }

    private static void ChildRemove(Proc child)
    {
        var parent = child.Parent!;
        if (child.SiblingPrev != null) child.SiblingPrev.SiblingNext = child.SiblingNext;
        else parent.FirstChild = child.SiblingNext;
        if (child.SiblingNext != null) child.SiblingNext.SiblingPrev = child.SiblingPrev;
        child.SiblingNext = child.SiblingPrev = null;
    }

    /// <summary>proc_reparent: move <paramref name="child"/> to <paramref name="newParent"/>'s children.</summary>
    internal static void ProcReparent(Proc child, Proc newParent)
    {
        if (child.Parent == newParent) return;
        ChildRemove(child);
        ChildInsertHead(newParent, child);
    }

    /// <summary>The children of <paramref name="p"/>, newest first.</summary>
    public static IEnumerable<Proc> Children(Proc p)
    {
        for (var c = p.FirstChild; c != null; c = c.SiblingNext) yield return c;
    }

    /// <summary>inferior: <paramref name="p"/> is the current process or one of its descendants.</summary>
    internal static bool Inferior(Proc p, Proc cur)
    {
        for (var q = p; q != null; q = q.Parent)
        {
            if (q == cur) return true;
            if (q.Pid == 0) return false;
        }
        return false;
    }

    // ---- process groups (g) ----

    /// <summary>LIST_INSERT_HEAD on pg_members.</summary>
    private static void PgrpInsertHead(Pgrp pg, Proc p)
    {
        p.PgPrev = null;
        p.PgNext = pg.FirstMember;
        if (pg.FirstMember != null) pg.FirstMember.PgPrev = p;
        pg.FirstMember = p;
        pg.MemberCount++;
    }

    /// <summary>LIST_INSERT_AFTER(p1, p2, p_pglist): fork puts the child right after its parent.</summary>
    private static void PgrpInsertAfter(Proc p1, Proc p2)
    {
        p2.PgPrev = p1;
        p2.PgNext = p1.PgNext;
        if (p1.PgNext != null) p1.PgNext.PgPrev = p2;
        p1.PgNext = p2;
        p1.Pgrp.MemberCount++;
    }

    private static void PgrpRemove(Proc p)
    {
        var pg = p.Pgrp;
        if (p.PgPrev != null) p.PgPrev.PgNext = p.PgNext; else pg.FirstMember = p.PgNext;
        if (p.PgNext != null) p.PgNext.PgPrev = p.PgPrev;
        p.PgNext = p.PgPrev = null;
        pg.MemberCount--;
    }

    /// <summary>The members of a process group.</summary>
    public static IEnumerable<Proc> Members(Pgrp pg)
    {
        for (var p = pg.FirstMember; p != null; p = p.PgNext) yield return p;
    }

    /// <summary>
    /// enterpgrp: move <paramref name="p"/> into group <paramref name="pgid"/>, creating the group
    /// (and a new session led by p when <paramref name="makeSession"/>).
    /// </summary>
    internal void EnterPgrp(Proc p, int pgid, bool makeSession)
    {
        var pg = Pgfind(pgid);
        if (pg == null)
        {
            Debug.KAssert(pgid == p.Pid, "enterpgrp: new pgrp id is the process's pid");
            Session session;
            if (makeSession)
            {
                session = new Session { Id = p.Pid, Leader = p, CreatorSerial = p.Serial };
                p.Flag &= ~ProcFlags.P_CONTROLT;
            }
            else
            {
                session = p.Session;
            }
            session.Count++;
            pg = new Pgrp { Id = pgid, Session = session, CreatorSerial = p.Serial };
            pgrps.Set(pgid, pg);
        }
        else if (pg == p.Pgrp)
        {
            return;
        }
        var old = p.Pgrp;
        // Increment eligibility counts before decrementing, so none reaches 0 spuriously.
        FixJobc(p, pg, true);
        FixJobc(p, old, false);
        PgrpRemove(p);
        PidRelease(old.Id, 1);
        p.Pgrp = pg;
        PgrpInsertHead(pg, p);
        PidReference(pgid, 1);
        // An id stays in use while a process's pid, pgid or sid names it (002_…:344-346).
        if (old.Session != pg.Session)
        {
            PidRelease(old.Session.Id, 1);
            PidReference(pg.Session.Id, 1);
        }
        if (old.MemberCount == 0) PgDelete(old);
    }

    /// <summary>leavepgrp: a reaped process leaves its group; the group goes when empty.</summary>
    private void LeavePgrp(Proc p)
    {
        var pg = p.Pgrp;
        PgrpRemove(p);
        PidRelease(pg.Id, 1);
        PidRelease(pg.Session.Id, 1);
        if (pg.MemberCount == 0) PgDelete(pg);
    }

    /// <summary>pgdelete: the group is empty (DragonFly keeps it while pgref'd by a fork in progress).</summary>
    private void PgDelete(Pgrp pg)
    {
        if (pg.Holds > 0) return;
        pgrps.Set(pg.Id, null);
        if (--pg.Session.Count == 0 && pg.Session.Leader != null) pg.Session.Leader = null;
    }

    /// <summary>A process group is orphaned when no member qualifies it (pg_jobc == 0).</summary>
    public static bool IsOrphaned(Pgrp pg) => pg.JobControlCount == 0;

    /// <summary>
    /// Does <paramref name="p"/> qualify <paramref name="pg"/> for job control: its parent is in a
    /// different group of the same session (and p is not a zombie).
    /// </summary>
    internal static bool Qualifies(Proc p, Pgrp pg)
    {
        var parent = p.Parent;
        return p.Stat != ProcStat.SZOMB && parent != null && parent.Pgrp != pg && parent.Session == pg.Session;
    }

    /// <summary>
    /// fixjobc: <paramref name="p"/> enters or leaves <paramref name="pg"/>; adjust pg_jobc of its own
    /// group (through its parent) and of its children's groups (through it). A group whose count
    /// drops to zero has just been orphaned (orphanpg).
    /// </summary>
    private void FixJobc(Proc p, Pgrp pg, bool entering)
    {
        var parentPg = p.Parent?.Pgrp;
        if (parentPg != null && parentPg != pg && parentPg.Session == pg.Session)
            AdjustJobc(pg, entering);
        for (var c = p.FirstChild; c != null; c = c.SiblingNext)
        {
            var childPg = c.Pgrp;
            if (childPg != pg && childPg.Session == pg.Session && c.Stat != ProcStat.SZOMB)
                AdjustJobc(childPg, entering);
        }
    }

    private void AdjustJobc(Pgrp pg, bool entering)
    {
        if (entering) pg.JobControlCount++;
        else if (--pg.JobControlCount == 0) OrphanPg(pg);
    }

    /// <summary>
    /// orphanpg: a newly orphaned group with a stopped member gets SIGHUP then SIGCONT, so that its
    /// stopped processes are not left stopped with nobody to continue them (POSIX).
    /// </summary>
    private void OrphanPg(Pgrp pg)
    {
        bool anyStopped = false;
        for (var p = pg.FirstMember; p != null; p = p.PgNext)
            anyStopped |= p.Stat == ProcStat.SSTOP;
        if (!anyStopped) return;
        for (var p = pg.FirstMember; p != null;)
        {
            var next = p.PgNext;
            Psignal(p, Sig.SIGHUP);
            Psignal(p, Sig.SIGCONT);
            p = next;
        }
    }

    /// <summary>The LWPs of a process by tid.</summary>
    public static IEnumerable<Lwp> Lwps(Proc p)
    {
        for (var lp = p.FirstLwp; lp != null; lp = lp.Next) yield return lp;
    }

    /// <summary>
    /// RB_INSERT into p_lwp_tree keyed by tid: false when the tid is taken (lwp_fork then tries
    /// the next one, 001_…:631-635). The tree is a sorted list: processes have few LWPs.
    /// </summary>
    private static bool LwpTreeInsert(Proc p, Lwp lp)
    {
        Lwp? prev = null;
        var cur = p.FirstLwp;
        while (cur != null && cur.Tid < lp.Tid) { prev = cur; cur = cur.Next; }
        if (cur != null && cur.Tid == lp.Tid) return false;
        lp.Next = cur;
        if (prev == null) p.FirstLwp = lp; else prev.Next = lp;
        return true;
    }

    private static void LwpTreeRemove(Proc p, Lwp lp)
    {
        if (p.FirstLwp == lp) { p.FirstLwp = lp.Next; lp.Next = null; return; }
        for (var cur = p.FirstLwp; cur != null; cur = cur.Next)
            if (cur.Next == lp) { cur.Next = lp.Next; lp.Next = null; return; }
    }

    private static void AttachFirstLwp(Proc p, Lwp lp)
    {
        lp.Tid = ++p.LastTid;
        LwpTreeInsert(p, lp);
        p.NThreads++;
    }
}
