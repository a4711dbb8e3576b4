namespace Kfork.Sys;

/// <summary>
/// struct filedesc: a descriptor table. fork copies it (RFFDG: fdcopy), shares it (neither RFFDG
/// nor RFCFDG: fdshare) or starts empty (RFCFDG: fdinit), 002_…:465-470, 001_…:438-467.
/// </summary>
public sealed class Filedesc
{
    /// <summary>fd_refcnt: processes sharing this table.</summary>
    public int RefCount = 1;

    /// <summary>fd_ofiles: open files by descriptor; null slots are free.</summary>
    public OpenFile?[] Files;

    /// <summary>fd_ofileflags: UF_EXCLOSE per descriptor.</summary>
    public byte[] FileFlags;

    /// <summary>fd_cmask: the file-creation mask, copied with the table.</summary>
    public int Cmask = 0x12; // 022

    /// <summary>fd_cdir: the current directory (a path in the guest's name space).</summary>
    public string Cwd = "/";

    public const byte UF_EXCLOSE = 1;

    public Filedesc(int slots = 0)
    {
        Files = slots == 0 ? [] : new OpenFile?[slots];
        FileFlags = slots == 0 ? [] : new byte[slots];
    }

    /// <summary>Descriptors in use (the highest used + 1 bounds the scan).</summary>
    public int OpenCount
    {
        get
        {
            int n = 0;
            foreach (var f in Files) if (f != null) n++;
            return n;
        }
    }
}

/// <summary>
/// struct filedesc_to_leader (DragonFly, 001_…:445-468): when processes share a descriptor table,
/// which process leader each one belongs to, so POSIX locks are released per leader.
/// </summary>
public sealed class FiledescToLeader
{
    /// <summary>fdl_refcount: processes pointing here (RFTHREAD peers share one).</summary>
    public int RefCount = 1;
    /// <summary>fdl_leader.</summary>
    public required Proc Leader;
    /// <summary>fdl_prev/fdl_next: the ring of leaders sharing the table.</summary>
    public FiledescToLeader Prev, Next;

    public FiledescToLeader() { Prev = this; Next = this; }
}
