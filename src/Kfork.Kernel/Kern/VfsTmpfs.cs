using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>
/// tmpfs: the in-memory file system at /tmp, empty at boot. Also serves as the empty read-only
/// root when no host directory is given. Data is bounded by <see cref="MaxBytes"/> (ENOSPC), as
/// tmpfs's size= option bounds it, so a guest cannot exhaust the host's memory.
/// </summary>
public sealed class Tmpfs
{
    public const long DefaultMaxBytes = 256L << 20;

    public Mount Mount { get; }
    public TmpDir Root { get; }
    public long MaxBytes { get; init; } = DefaultMaxBytes;
    /// <summary>Bytes held by every file's data.</summary>
    public long UsedBytes { get; internal set; }

    /// <summary>/tmp is mode 1777 root:wheel (sticky, world-writable), as FreeBSD's hier(7).</summary>
    public Tmpfs(bool readOnly, int rootMode = 0x3ff)
    {
        Mount = new Mount { FsType = "tmpfs", ReadOnly = readOnly };
        Root = new TmpDir(this, rootMode, 0, 0) { Mount = Mount };
    }
}

/// <summary>A tmpfs directory (tmpfs_dirent list): names in creation order.</summary>
public sealed class TmpDir(Tmpfs fs, int mode, int uid, int gid) : Vnode
{
    private readonly Dictionary<string, Vnode> entries = new(StringComparer.Ordinal);

    public override VType Type => VType.VDIR;
    public override int Mode => mode;
    public override int Uid => uid;
    public override int Gid => gid;
    public int Count => entries.Count;

    public override Errno Lookup(string name, out Vnode? vp) =>
        entries.TryGetValue(name, out vp) ? Errno.OK : Errno.ENOENT;

    /// <summary>tmpfs_create: a new empty file owned by the creator.</summary>
    public override Errno Create(string name, int mode, Ucred cred, out Vnode? vp)
    {
        vp = new TmpFile(fs, mode & 0xfff, cred.Uid, gid) { Mount = Mount };
        entries.Add(name, vp);
        return Errno.OK;
    }

    /// <summary>tmpfs_remove: directories are refused (unlink(2): EPERM); open descriptors keep the data.</summary>
    public override Errno Remove(string name)
    {
        if (!entries.TryGetValue(name, out var vp)) return Errno.ENOENT;
        if (vp.Type == VType.VDIR) return Errno.EPERM;
        entries.Remove(name);
        return Errno.OK;
    }

    /// <summary>For tests and the kernel: make a subdirectory (mkdir is not a guest call yet).</summary>
    public TmpDir MakeDir(string name, int mode = 0x1ed)
    {
        var d = new TmpDir(fs, mode, uid, gid) { Mount = Mount };
        entries.Add(name, d);
        return d;
    }

    public override Errno Open(Kernel k, int fflags, out IFileOps? ops)
    {
        ops = DirectoryOps.Instance;
        return Errno.OK;
    }
}

/// <summary>
/// A tmpfs regular file. Its data is the vnode's; every descriptor on it uses the node itself as
/// its fileops (vn_read/vn_write at the shared f_offset), so no per-open state exists.
/// </summary>
public sealed class TmpFile(Tmpfs fs, int mode, int uid, int gid) : Vnode, IFileOps
{
    private byte[] data = [];

    public override VType Type => VType.VREG;
    public override int Mode => mode;
    public override int Uid => uid;
    public override int Gid => gid;
    /// <summary>va_size.</summary>
    public long Size { get; private set; }

    public override Errno Open(Kernel k, int fflags, out IFileOps? ops)
    {
        ops = this;
        return Errno.OK;
    }

    /// <summary>A copy of the data, for exec.</summary>
    internal byte[] Contents() => data.AsSpan(0, (int)Size).ToArray();

    public override Errno Truncate()
    {
        fs.UsedBytes -= Size;
        Size = 0;
        data = [];
        return Errno.OK;
    }

    public Errno Read(Kernel k, Lwp td, OpenFile fp, Span<byte> dst, out int done)
    {
        long off = fp.Offset;
        done = off >= Size ? 0 : (int)Math.Min(dst.Length, Size - off);
        data.AsSpan((int)off, done).CopyTo(dst);
        fp.Offset += done;
        return Errno.OK;
    }

    /// <summary>
    /// tmpfs_write: O_APPEND writes at the end; RLIMIT_FSIZE is vn_rlimit_fsize's (SIGXFSZ and
    /// EFBIG); growth beyond the file system's size is ENOSPC.
    /// </summary>
    public Errno Write(Kernel k, Lwp td, OpenFile fp, ReadOnlySpan<byte> src, out int done)
    {
        done = 0;
        if ((fp.Flags & Fcntl.O_APPEND) != 0) fp.Offset = Size;
        long end = fp.Offset + src.Length;
        if (end > td.Proc.Limit[RlimitKind.Fsize].Cur)
        {
            k.Psignal(td.Proc, Sig.SIGXFSZ);
            return Errno.EFBIG;
        }
        if (end > Size)
        {
            if (end > int.MaxValue || fs.UsedBytes + (end - Size) > fs.MaxBytes) return Errno.ENOSPC;
            Grow((int)end);
        }
        src.CopyTo(data.AsSpan((int)fp.Offset));
        fp.Offset = end;
        done = src.Length;
        return Errno.OK;
    }

    private void Grow(int end)
    {
        if (end > data.Length) Array.Resize(ref data, Math.Max(end, Math.Min(int.MaxValue / 2, data.Length * 2)));
        fs.UsedBytes += end - Size;
        Size = end;
    }

    /// <summary>A regular file never blocks, so nobody sleeps on it.</summary>
    public object WaitChannel(OpenFile fp, bool forWrite) => this;

    public void Close(Kernel k, OpenFile fp) { }
}

/// <summary>
/// A directory opened for reading: read(2) on it is EISDIR, as FreeBSD's vn_read gives when the
/// file system does not allow reading directories (getdirentries is not a guest call).
/// </summary>
public sealed class DirectoryOps : IFileOps
{
    public static readonly DirectoryOps Instance = new();

    public Errno Read(Kernel k, Lwp td, OpenFile fp, Span<byte> dst, out int done)
    {
        done = 0;
        return Errno.EISDIR;
    }

    public Errno Write(Kernel k, Lwp td, OpenFile fp, ReadOnlySpan<byte> src, out int done)
    {
        done = 0;
        return Errno.EISDIR;
    }

    public object WaitChannel(OpenFile fp, bool forWrite) => this;
    public void Close(Kernel k, OpenFile fp) { }
}
