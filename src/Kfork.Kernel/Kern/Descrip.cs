using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>
/// kern_descrip.c: descriptor tables as fork treats them (fdinit, fdcopy, fdshare, fdfree) and
/// DragonFly's filedesc_to_leader.
/// </summary>
public sealed partial class Kernel
{
    /// <summary>kern.maxfilesperproc.</summary>
    public int MaxFilesPerProc { get; private set; } = 11095;

    /// <summary>fdinit: an empty table that keeps the parent's directory and umask (RFCFDG).</summary>
    private static Filedesc FdInit(Proc p1) => new() { Cwd = p1.Fd.Cwd, Cmask = p1.Fd.Cmask };

    /// <summary>
    /// fdcopy without side effects: the new table refers to the same files, whose reference
    /// counts <see cref="FdHoldFiles"/> bumps once the fork cannot fail any more.
    /// </summary>
    private static Filedesc FdCopy(Proc p1)
    {
        var src = p1.Fd;
        int used = src.Files.Length;
        while (used > 0 && src.Files[used - 1] == null) used--;
        var fd = new Filedesc(used) { Cwd = src.Cwd, Cmask = src.Cmask };
        Array.Copy(src.Files, fd.Files, used);
        Array.Copy(src.FileFlags, fd.FileFlags, used);
        FdDropUninheritable(fd);
        return fd;
    }

    /// <summary>The copied table's files gain a reference each (fdcopy's fhold loop).</summary>
    private static void FdHoldFiles(Filedesc fd)
    {
        foreach (var f in fd.Files) if (f != null) f.RefCount++;
    }

    /// <summary>fdshare: the child uses the parent's table.</summary>
    private static Filedesc FdShare(Proc p1)
    {
        p1.Fd.RefCount++;
        return p1.Fd;
    }

    /// <summary>fdfree: drop the process's reference to its table, closing every file when it was the last.</summary>
    internal void FdFree(Proc p)
    {
        var fd = p.Fd;
        ReleaseFdToLeader(p);
        if (--fd.RefCount > 0) return;
        for (int i = 0; i < fd.Files.Length; i++)
        {
            var f = fd.Files[i];
            if (f == null) continue;
            fd.Files[i] = null;
            FileDrop(f);
        }
    }

    /// <summary>fdrop: the file's last reference closes it.</summary>
    internal void FileDrop(OpenFile f)
    {
        if (--f.RefCount == 0) f.Ops?.Close(this, f);
    }

    /// <summary>
    /// The filedesc_to_leader a child sharing its parent's table gets (001_…:444-467): RFTHREAD
    /// peers share the parent's entry; other sharers get an entry of their own in the ring.
    /// </summary>
    private static FiledescToLeader FdToLeaderForSharedChild(Proc p1, Proc p2, RforkFlags flags)
    {
        p1.FdToLeader ??= new FiledescToLeader { Leader = p1.Leader };
        if ((flags & RforkFlags.RFTHREAD) != 0)
        {
            p1.FdToLeader.RefCount++;
            return p1.FdToLeader;
        }
        return FdToLeaderAlloc(p1.FdToLeader, p2);
    }

    /// <summary>filedesc_to_leader_alloc: a new entry for <paramref name="leader"/>, linked after <paramref name="old"/>.</summary>
    private static FiledescToLeader FdToLeaderAlloc(FiledescToLeader old, Proc leader)
    {
        var fdtol = new FiledescToLeader { Leader = leader };
        fdtol.Prev = old;
        fdtol.Next = old.Next;
        old.Next.Prev = fdtol;
        old.Next = fdtol;
        return fdtol;
    }

    /// <summary>fdfree's filedesc_to_leader part: leave the ring when the last holder goes.</summary>
    private static void ReleaseFdToLeader(Proc p)
    {
        var fdtol = p.FdToLeader;
        if (fdtol == null) return;
        p.FdToLeader = null;
        if (--fdtol.RefCount > 0) return;
        fdtol.Prev.Next = fdtol.Next;
        fdtol.Next.Prev = fdtol.Prev;
        fdtol.Prev = fdtol.Next = fdtol;
    }
}
