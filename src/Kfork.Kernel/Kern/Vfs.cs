using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>enum vtype: the kinds of vnode the guest's name space holds.</summary>
public enum VType : byte { VREG = 1, VDIR = 2, VCHR = 3, VLNK = 5 }

/// <summary>struct mount, reduced to what lookup and the write checks need.</summary>
public sealed class Mount
{
    /// <summary>f_fstypename: "hostfs", "tmpfs", "devfs".</summary>
    public required string FsType;
    /// <summary>MNT_RDONLY: writes, creates and removes fail with EROFS (vn_writechk, lookup).</summary>
    public bool ReadOnly;
}

/// <summary>
/// struct vnode with its vop vector, reduced to what the guest's calls need. Directories answer
/// <see cref="Lookup"/> (never for "." or "..": namei keeps the path it walked), regular files and
/// devices answer <see cref="Open"/> with the fileops their descriptors use.
/// </summary>
public abstract class Vnode
{
    public required Mount Mount;
    public abstract VType Type { get; }

    /// <summary>va_mode permission bits (0777 part), va_uid, va_gid for vaccess.</summary>
    public abstract int Mode { get; }
    public virtual int Uid => 0;
    public virtual int Gid => 0;

    /// <summary>VOP_LOOKUP of one component in this directory: ENOENT when absent.</summary>
    public virtual Errno Lookup(string name, out Vnode? vp)
    {
        vp = null;
        return Errno.ENOTDIR;
    }

    /// <summary>VOP_READLINK.</summary>
    public virtual Errno ReadLink(out string target)
    {
        target = "";
        return Errno.EINVAL;
    }

    /// <summary>VOP_CREATE of a regular file <paramref name="name"/> in this directory.</summary>
    public virtual Errno Create(string name, int mode, Ucred cred, out Vnode? vp)
    {
        vp = null;
        return Errno.EOPNOTSUPP;
    }

    /// <summary>VOP_REMOVE of <paramref name="name"/> from this directory.</summary>
    public virtual Errno Remove(string name) => Errno.EPERM;

    /// <summary>VOP_OPEN: the fileops a new descriptor on this vnode uses.</summary>
    public abstract Errno Open(Kernel k, int fflags, out IFileOps? ops);

    /// <summary>VOP_SETATTR(va_size = 0) for O_TRUNC.</summary>
    public virtual Errno Truncate() => Errno.OK;
}

/// <summary>vfs_subr.c's vaccess: the owner, group and other permission bits, root passing all but exec.</summary>
public sealed partial class Kernel
{
    public const int VEXEC = 0x40, VWRITE = 0x80, VREAD = 0x100;

    /// <summary>
    /// vaccess: root may do anything except execute a file with no execute bit; anyone else gets
    /// the owner's, the group's or the others' bits, the first class that matches.
    /// </summary>
    internal static Errno VAccess(Vnode vp, Ucred cred, int accmode)
    {
        int mode = vp.Mode;
        if (cred.Uid == 0)
            return (accmode & VEXEC) != 0 && vp.Type != VType.VDIR && (mode & 0x49) == 0 ? Errno.EACCES : Errno.OK;
        int shift = cred.Uid == vp.Uid ? 6 : cred.Gid == vp.Gid ? 3 : 0;
        int granted = (mode >> shift) & 7;
        int wanted = ((accmode & VREAD) != 0 ? 4 : 0) | ((accmode & VWRITE) != 0 ? 2 : 0) | ((accmode & VEXEC) != 0 ? 1 : 0);
        return (granted & wanted) == wanted ? Errno.OK : Errno.EACCES;
    }
}
