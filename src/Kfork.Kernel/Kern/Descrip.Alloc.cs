using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>
/// kern_descrip.c, the descriptor side of the system-call layer: fget, fdalloc, finstall, close,
/// dup, dup2, fdcloseexec, and the console descriptors of the first program.
/// </summary>
public sealed partial class Kernel
{
    /// <summary>NDFILE: the slots a table gets when it first grows.</summary>
    private const int NDFILE = 20;

    /// <summary>getmaxfd: RLIMIT_NOFILE's soft limit, capped by kern.maxfilesperproc.</summary>
    internal int MaxFd(Proc p) => (int)Math.Min(p.Limit[RlimitKind.Nofile].Cur, MaxFilesPerProc);

    /// <summary>fget: the file behind <paramref name="fd"/>, or EBADF.</summary>
    internal static Errno Fget(Proc p, int fd, out OpenFile fp)
    {
        var files = p.Fd.Files;
        fp = null!;
        if ((uint)fd >= (uint)files.Length || files[fd] is not { } f) return Errno.EBADF;
        fp = f;
        return Errno.OK;
    }

    /// <summary>fget_read/fget_write: EBADF unless the file was opened for <paramref name="fflag"/> (FREAD or FWRITE).</summary>
    internal static Errno FgetFor(Proc p, int fd, int fflag, out OpenFile fp)
    {
        var error = Fget(p, fd, out fp);
        return error == Errno.OK && (fp.Flags & fflag) == 0 ? Errno.EBADF : error;
    }

    /// <summary>
    /// fdcopy leaves out files that are not DFLAG_PASSABLE: a kqueue is not inherited by a child
    /// (kqueue(2): "The queue is not inherited by a child created with fork(2)").
    /// </summary>
    private static void FdDropUninheritable(Filedesc fd)
    {
        for (int i = 0; i < fd.Files.Length; i++)
        {
            if (fd.Files[i]?.Ops is not Kqueue) continue;
            fd.Files[i] = null;
            fd.FileFlags[i] = 0;
        }
    }

    /// <summary>
    /// fdalloc: the lowest free descriptor at or above <paramref name="minfd"/>, growing the table
    /// (doubling, from NDFILE) up to getmaxfd; EMFILE when every allowed slot is taken.
    /// </summary>
    internal Errno FdAlloc(Proc p, int minfd, out int fd)
    {
        var fdp = p.Fd;
        int max = MaxFd(p);
        fd = -1;
        for (int i = minfd; i < fdp.Files.Length && i < max; i++)
        {
            if (fdp.Files[i] != null) continue;
            fd = i;
            return Errno.OK;
        }
        int first = Math.Max(minfd, fdp.Files.Length);
        if (first >= max) return Errno.EMFILE;
        FdGrow(fdp, Math.Min(max, Math.Max(first + 1, Math.Max(NDFILE, fdp.Files.Length * 2))));
        fd = first;
        return Errno.OK;
    }

    /// <summary>fdgrow_exclusive: enlarge both per-descriptor arrays together.</summary>
    private static void FdGrow(Filedesc fdp, int slots)
    {
        if (slots > fdp.Files.Length) Array.Resize(ref fdp.Files, slots);
        if (slots > fdp.FileFlags.Length) Array.Resize(ref fdp.FileFlags, slots);
    }

    /// <summary>
    /// falloc + finstall: a new descriptor (the lowest free) for <paramref name="fp"/>, whose one
    /// reference the table takes. On EMFILE the file is dropped, as falloc's caller would fdrop it.
    /// </summary>
    internal Errno FInstall(Proc p, OpenFile fp, bool closeOnExec, out int fd)
    {
        var error = FdAlloc(p, 0, out fd);
        if (error != Errno.OK)
        {
            FileDrop(fp);
            return error;
        }
        FdSet(p.Fd, fd, fp, closeOnExec);
        return Errno.OK;
    }

    private static void FdSet(Filedesc fdp, int fd, OpenFile fp, bool closeOnExec)
    {
        FdGrow(fdp, fd + 1);
        fdp.Files[fd] = fp;
        fdp.FileFlags[fd] = closeOnExec ? Filedesc.UF_EXCLOSE : (byte)0;
    }

    /// <summary>fdclose: free the slot, then drop its reference (the file closes with its last one).</summary>
    private void FdClose(Filedesc fdp, int fd)
    {
        var fp = fdp.Files[fd]!;
        fdp.Files[fd] = null;
        if (fd < fdp.FileFlags.Length) fdp.FileFlags[fd] = 0;
        FileDrop(fp);
    }

    /// <summary>close(2): EBADF for a descriptor that is not open.</summary>
    public Errno SysClose(Lwp td, int fd)
    {
        var error = Fget(td.Proc, fd, out _);
        if (error != Errno.OK) return error;
        FdClose(td.Proc.Fd, fd);
        return Errno.OK;
    }

    /// <summary>dup(2): the lowest free descriptor refers to the same file; close-on-exec is clear.</summary>
    public Errno SysDup(Lwp td, int fd)
    {
        var p = td.Proc;
        var error = Fget(p, fd, out var fp);
        if (error != Errno.OK) return error;
        error = FdAlloc(p, 0, out int nfd);
        if (error != Errno.OK) return error;
        fp.RefCount++;
        FdSet(p.Fd, nfd, fp, closeOnExec: false);
        td.Retval0 = nfd;
        return Errno.OK;
    }

    /// <summary>
    /// dup2(2), kern_dup(FDDUP_FIXED): EBADF for a bad source or a target outside [0, getmaxfd);
    /// the same descriptor twice returns it untouched; otherwise the target is installed and what
    /// it held before is closed afterwards, as FreeBSD does.
    /// </summary>
    public Errno SysDup2(Lwp td, int from, int to)
    {
        var p = td.Proc;
        var error = Fget(p, from, out var fp);
        if (error != Errno.OK) return error;
        if (to < 0 || to >= MaxFd(p)) return Errno.EBADF;
        td.Retval0 = to;
        if (from == to) return Errno.OK;
        var old = to < p.Fd.Files.Length ? p.Fd.Files[to] : null;
        fp.RefCount++;
        FdSet(p.Fd, to, fp, closeOnExec: false);
        if (old != null) FileDrop(old);
        return Errno.OK;
    }

    /// <summary>fdcloseexec: exec closes every descriptor marked UF_EXCLOSE (O_CLOEXEC).</summary>
    internal void FdCloseExec(Proc p)
    {
        var fdp = p.Fd;
        int n = Math.Min(fdp.Files.Length, fdp.FileFlags.Length);
        for (int i = 0; i < n; i++)
            if (fdp.Files[i] != null && (fdp.FileFlags[i] & Filedesc.UF_EXCLOSE) != 0) FdClose(fdp, i);
    }

    /// <summary>
    /// Descriptors 0, 1 and 2 of the first program, as init(8) sets them up: 0 and 1 share one
    /// console file opened read-write, 2 is a second console file that writes to ConsoleErr.
    /// Whatever those slots held is closed.
    /// </summary>
    public void OpenConsoleDescriptors(Proc p)
    {
        var stdio = NewConsoleFile(stderr: false);
        stdio.RefCount = 2;
        ReplaceDescriptor(p, 0, stdio);
        ReplaceDescriptor(p, 1, stdio);
        ReplaceDescriptor(p, 2, NewConsoleFile(stderr: true));
    }

    private OpenFile NewConsoleFile(bool stderr) => new()
    {
        Kind = "console", Name = "/dev/console", Flags = OpenFile.FREAD | OpenFile.FWRITE, Ops = ConsoleDriver(stderr),
    };

    private void ReplaceDescriptor(Proc p, int fd, OpenFile fp)
    {
        var old = fd < p.Fd.Files.Length ? p.Fd.Files[fd] : null;
        FdSet(p.Fd, fd, fp, closeOnExec: false);
        if (old != null) FileDrop(old);
    }
}
