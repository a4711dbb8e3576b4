namespace Kfork.Sys;

/// <summary>
/// struct file: an open file, shared by every descriptor that refers to it (after fork and dup),
/// so the offset and the status flags are shared too.
/// </summary>
public sealed class OpenFile
{
    /// <summary>f_count: descriptors (in any table) and other holders referring to this file.</summary>
    public int RefCount = 1;

    /// <summary>What the file is, for listings ("console", "pipe", "vnode", "kqueue").</summary>
    public required string Kind;

    /// <summary>A name for listings (the path, or "pipe:N").</summary>
    public required string Name;

    /// <summary>f_offset: shared by all descriptors of this file.</summary>
    public long Offset;

    /// <summary>f_flag: FREAD/FWRITE and the O_ status flags (O_NONBLOCK, O_APPEND).</summary>
    public int Flags;

    /// <summary>f_ops + f_data: the object behind the file; null for a placeholder with no behaviour.</summary>
    public IFileOps? Ops;

    public const int FREAD = 0x1, FWRITE = 0x2;
}

/// <summary>
/// struct fileops: what a kind of file does. Operations never sleep: one that cannot proceed now
/// returns EAGAIN, and the generic layer (sys_generic.c) either returns that (O_NONBLOCK) or
/// sleeps on <see cref="WaitChannel"/> and retries when woken.
/// </summary>
public interface IFileOps
{
    /// <summary>fo_read into <paramref name="dst"/>; <paramref name="done"/> = 0 with OK is end of file.</summary>
    Errno Read(Kern.Kernel k, Lwp td, OpenFile fp, Span<byte> dst, out int done);

    /// <summary>fo_write from <paramref name="src"/>; EPIPE when nobody can read (the caller posts SIGPIPE).</summary>
    Errno Write(Kern.Kernel k, Lwp td, OpenFile fp, ReadOnlySpan<byte> src, out int done);

    /// <summary>What a reader (or writer) that got EAGAIN sleeps on.</summary>
    object WaitChannel(OpenFile fp, bool forWrite);

    /// <summary>fo_close: the last reference went away.</summary>
    void Close(Kern.Kernel k, OpenFile fp);
}

/// <summary>
/// A file object with consistency rules of its own (a pipe's ends, a kqueue's knotes), checked by
/// the kernel-wide invariant checker for every open file that implements it.
/// </summary>
public interface IFileInvariants
{
    /// <summary>A description of what is wrong with <paramref name="fp"/>'s object, or null.</summary>
    string? Violation(OpenFile fp);
}
