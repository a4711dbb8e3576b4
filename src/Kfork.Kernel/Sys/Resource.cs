namespace Kfork.Sys;

/// <summary>sys/resource.h resource numbers (GUEST_ABI.md).</summary>
public enum RlimitKind
{
    Cpu = 0, Fsize = 1, Data = 2, Stack = 3, Core = 4, Rss = 5, Memlock = 6, Nproc = 7, Nofile = 8,
}

/// <summary>struct rlimit.</summary>
public record struct Rlimit(long Cur, long Max)
{
    public const long Infinity = long.MaxValue;
    public const int Count = 9;
}

/// <summary>
/// struct plimit: resource limits, shared between parent and child after fork until one of them
/// modifies it (copy on modify: FreeBSD's PL_SHAREMOD/limcopy, 002_…:474-486; DragonFly's plimit_fork).
/// </summary>
public sealed class Plimit
{
    /// <summary>p_refcnt: processes sharing this structure.</summary>
    public int RefCount = 1;

    /// <summary>
    /// PL_SHAREMOD: set when the limits were modified while shared by RFTHREAD-style peers;
    /// fork then copies instead of sharing (002_…:481).
    /// </summary>
    public bool ShareModified;

    /// <summary>DragonFly plimit_lwp_fork: forced exclusive once the process has several LWPs.</summary>
    public bool Exclusive;

    public readonly Rlimit[] Limits = new Rlimit[Rlimit.Count];

    public ref Rlimit this[RlimitKind kind] => ref Limits[(int)kind];

    /// <summary>limcopy: a private copy with one reference.</summary>
    public Plimit Copy()
    {
        var copy = new Plimit();
        Array.Copy(Limits, copy.Limits, Limits.Length);
        return copy;
    }
}
