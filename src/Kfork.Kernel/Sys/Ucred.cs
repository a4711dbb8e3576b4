namespace Kfork.Sys;

/// <summary>
/// struct ucred: a process's credentials. Shared by reference count (crhold/crfree) and never
/// changed while shared: setuid makes a private copy first (crcopy), as in kern_prot.c.
/// </summary>
public sealed class Ucred
{
    /// <summary>cr_ref: holders (processes, and LWPs' td_ucred in DragonFly, which we fold into the process).</summary>
    public int RefCount = 1;

    /// <summary>cr_uid: effective user id.</summary>
    public int Uid;
    /// <summary>cr_ruid: real user id; fork's limits are charged to it.</summary>
    public int Ruid;
    /// <summary>cr_svuid: saved user id.</summary>
    public int Svuid;
    /// <summary>cr_gid (cr_groups[0]): effective group id.</summary>
    public int Gid;
    /// <summary>cr_rgid: real group id.</summary>
    public int Rgid;
    /// <summary>cr_svgid: saved group id.</summary>
    public int Svgid;
    /// <summary>cr_ruidinfo: the per-real-uid process count chgproccnt charges.</summary>
    public required Uidinfo RuidInfo;
    /// <summary>Set when the credential belongs to a jail (P_JAILED in DragonFly's fork1).</summary>
    public bool Jailed;

    /// <summary>crcopy: an unshared copy with one reference, the uidinfo held again.</summary>
    public Ucred Copy()
    {
        RuidInfo.RefCount++;
        return new Ucred
        {
            Uid = Uid, Ruid = Ruid, Svuid = Svuid, Gid = Gid, Rgid = Rgid, Svgid = Svgid,
            RuidInfo = RuidInfo, Jailed = Jailed,
        };
    }
}

/// <summary>struct uidinfo: per-uid accounting; ui_proccnt is what RLIMIT_NPROC bounds.</summary>
public sealed class Uidinfo
{
    public required int Uid;
    /// <summary>ui_proccnt: processes charged to this real uid (chgproccnt).</summary>
    public int ProcCount;
    /// <summary>ui_ref: credentials pointing here; the entry is freed at zero.</summary>
    public int RefCount;
}
