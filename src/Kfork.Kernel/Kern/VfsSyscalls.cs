using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>
/// vfs_syscalls.c and vfs_vnops.c: open (kern_openat, vn_open), unlink (kern_funlinkat), chdir,
/// and the whole-file read exec's image activator needs.
/// </summary>
public sealed partial class Kernel
{
    /// <summary>copyinstr of a path argument: EFAULT, or ENAMETOOLONG past PATH_MAX.</summary>
    private static Errno CopyInPath(Lwp td, ulong addr, out string path) =>
        td.Proc.Vmspace.CopyInStr(addr, Fcntl.PATH_MAX, out path);

    /// <summary>open(2) with the path in the caller's memory; the descriptor in Retval0.</summary>
    public Errno SysOpen(Lwp td, ulong pathAddr, int flags, int mode)
    {
        var error = CopyInPath(td, pathAddr, out string path);
        return error != Errno.OK ? error : KernOpen(td, path, flags, mode);
    }

    /// <summary>
    /// kern_openat: EINVAL for O_WRONLY|O_RDWR together; the descriptor is chosen first (falloc),
    /// so EMFILE comes before any lookup and creates nothing. O_CREAT makes a missing file with
    /// mode &amp; ~umask (and does not follow a final symbolic link under O_EXCL); O_EXCL on an
    /// existing name is EEXIST; then vn_open's checks; O_TRUNC empties a regular file.
    /// </summary>
    public Errno KernOpen(Lwp td, string path, int flags, int mode)
    {
        if ((flags & Fcntl.O_ACCMODE) == Fcntl.O_ACCMODE) return Errno.EINVAL;
        var p = td.Proc;
        var error = FdAlloc(p, 0, out int fd);
        if (error != Errno.OK) return error;
        error = VnOpen(td, path, flags, mode, out var fp);
        if (error != Errno.OK) return error;
        FdSet(p.Fd, fd, fp!, (flags & Fcntl.O_CLOEXEC) != 0);
        td.Retval0 = fd;
        return Errno.OK;
    }

    /// <summary>vn_open_cred: look up or create, check, open; a new OpenFile with one reference.</summary>
    private Errno VnOpen(Lwp td, string path, int flags, int mode, out OpenFile? fp)
    {
        fp = null;
        bool create = (flags & Fcntl.O_CREAT) != 0;
        bool excl = create && (flags & Fcntl.O_EXCL) != 0;
        var error = Namei(td, path, create ? NameiOp.Create : NameiOp.Lookup, follow: !excl, out var nd);
        if (error != Errno.OK) return error;
        int fflags = Fcntl.FFlags(flags);
        var vp = nd.Vp;
        if (vp == null)
        {
            error = nd.Dvp.Create(nd.Name, mode & 0xfff & ~td.Proc.Fd.Cmask, td.Proc.Ucred, out vp);
            if (error != Errno.OK) return error;
        }
        else
        {
            if (excl) return Errno.EEXIST;
            if (create && vp.Type == VType.VDIR) return Errno.EISDIR;
            error = VnOpenCheck(vp, td.Proc.Ucred, fflags, flags);
            if (error != Errno.OK) return error;
        }
        error = vp!.Open(this, fflags, out var ops);
        if (error != Errno.OK) return error;
        if ((flags & Fcntl.O_TRUNC) != 0 && vp.Type == VType.VREG) vp.Truncate();
        fp = new OpenFile { Kind = "vnode", Name = nd.Path, Flags = fflags | (flags & Fcntl.StatusFlags), Ops = ops };
        return Errno.OK;
    }

    /// <summary>
    /// vn_open_vnode's checks: a symbolic link left unfollowed is ELOOP; writing (or O_TRUNC)
    /// a directory is EISDIR, on a read-only mount EROFS (vn_writechk); then VOP_ACCESS.
    /// </summary>
    private static Errno VnOpenCheck(Vnode vp, Ucred cred, int fflags, int oflags)
    {
        if (vp.Type == VType.VLNK) return Errno.ELOOP;
        int accmode = 0;
        if ((fflags & OpenFile.FREAD) != 0) accmode |= VREAD;
        if ((fflags & OpenFile.FWRITE) != 0 || (oflags & Fcntl.O_TRUNC) != 0)
        {
            if (vp.Type == VType.VDIR) return Errno.EISDIR;
            if (vp.Mount.ReadOnly && vp.Type != VType.VCHR) return Errno.EROFS;
            accmode |= VWRITE;
        }
        return VAccess(vp, cred, accmode);
    }

    /// <summary>unlink(2) with the path in the caller's memory.</summary>
    public Errno SysUnlink(Lwp td, ulong pathAddr)
    {
        var error = CopyInPath(td, pathAddr, out string path);
        return error != Errno.OK ? error : KernUnlink(td, path);
    }

    /// <summary>
    /// kern_funlinkat: namei(DELETE) gives EROFS on the read-only root and EACCES/EPERM by the
    /// directory's permissions and sticky bit; a directory is EPERM (unlink(2)).
    /// </summary>
    public Errno KernUnlink(Lwp td, string path)
    {
        var error = Namei(td, path, NameiOp.Delete, follow: false, out var nd);
        if (error != Errno.OK) return error;
        if (nd.Vp!.Type == VType.VDIR) return Errno.EPERM;
        return nd.Dvp.Remove(nd.Name);
    }

    /// <summary>chdir(2) with the path in the caller's memory.</summary>
    public Errno SysChdir(Lwp td, ulong pathAddr)
    {
        var error = CopyInPath(td, pathAddr, out string path);
        return error != Errno.OK ? error : KernChdir(td, path);
    }

    /// <summary>kern_chdir: ENOTDIR for a non-directory, EACCES without search permission; fd_cdir becomes its canonical path.</summary>
    public Errno KernChdir(Lwp td, string path)
    {
        var error = Namei(td, path, NameiOp.Lookup, follow: true, out var nd);
        if (error != Errno.OK) return error;
        if (nd.Vp!.Type != VType.VDIR) return Errno.ENOTDIR;
        error = VAccess(nd.Vp, td.Proc.Ucred, VEXEC);
        if (error != Errno.OK) return error;
        td.Proc.Fd.Cwd = nd.Path;
        return Errno.OK;
    }

    /// <summary>
    /// For execve: the whole of a file, looked up as exec does (following links). ENOENT when
    /// missing; EACCES for anything but a regular file (exec_check_permissions) or without an
    /// execute bit the caller may use.
    /// </summary>
    internal Errno VfsReadFile(Lwp td, string path, out byte[] contents)
    {
        contents = [];
        var error = Namei(td, path, NameiOp.Lookup, follow: true, out var nd);
        if (error != Errno.OK) return error;
        var vp = nd.Vp!;
        if (vp.Type != VType.VREG) return Errno.EACCES;
        error = VAccess(vp, td.Proc.Ucred, VEXEC);
        if (error != Errno.OK) return error;
        switch (vp)
        {
            case HostFile hf: return hf.ReadAll(out contents);
            case TmpFile tf: contents = tf.Contents(); return Errno.OK;
            default: return Errno.EACCES;
        }
    }
}
