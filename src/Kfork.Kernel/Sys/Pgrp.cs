namespace Kfork.Sys;

/// <summary>struct session: a set of process groups with one leader and maybe a terminal.</summary>
public sealed class Session
{
    /// <summary>s_sid: the leader's pid; stays in use (for pid allocation) while the session exists.</summary>
    public required int Id;
    /// <summary>The <see cref="Proc.Serial"/> of the process that made this session.</summary>
    public long CreatorSerial;
    /// <summary>s_leader (null once the leader exited).</summary>
    public Proc? Leader;
    /// <summary>s_count: process groups in this session.</summary>
    public int Count;
    /// <summary>s_ttyvp != NULL: the session has a controlling terminal (P_CONTROLT is inherited only then).</summary>
    public bool HasTerminal;
}

/// <summary>struct pgrp: a process group; members linked through <see cref="Proc.PgNext"/>.</summary>
public sealed class Pgrp
{
    /// <summary>pg_id.</summary>
    public required int Id;
    /// <summary>The <see cref="Proc.Serial"/> of the process that made this group.</summary>
    public long CreatorSerial;
    /// <summary>pg_session.</summary>
    public required Session Session;
    /// <summary>pg_members: first member (LIST_HEAD; fork inserts the child after its parent).</summary>
    public Proc? FirstMember;
    /// <summary>Members, kept for the invariant checker and listings.</summary>
    public int MemberCount;
    /// <summary>pg_jobc: members with a parent in another group of the same session (orphan test).</summary>
    public int JobControlCount;
    /// <summary>DragonFly pg_refs (pgref/pgrel): references beyond membership, e.g. RFPGLOCK's hold.</summary>
    public int Holds;
    /// <summary>DragonFly pg_lock held shared by a fork in progress (RFPGLOCK).</summary>
    public int ForkLocks;
}
