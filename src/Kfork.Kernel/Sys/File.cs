namespace Kfork.Sys;

/// <summary>
/// struct file: an open file, shared by every descriptor that refers to it (after fork and dup),
/// so the offset and the status flags are shared too.
/// </summary>
public sealed class OpenFile
{
    /// <summary>f_count: descriptors (in any table) referring to this file.</summary>
    public int RefCount = 1;

    /// <summary>What the file is, for listings ("console", "pipe", "vnode").</summary>
    public required string Kind;

    /// <summary>A name for listings (the path, or "pipe:N").</summary>
    public required string Name;

    /// <summary>f_offset: shared by all descriptors of this file.</summary>
    public long Offset;

    /// <summary>f_flag: FREAD/FWRITE and the O_ status flags.</summary>
    public int Flags;

    /// <summary>The object behind the file (fileops + f_data); null for a placeholder.</summary>
    public IFileOps? Ops;
}

/// <summary>struct fileops: what a kind of file does. Implemented by pipes, vnodes and devices.</summary>
public interface IFileOps
{
    /// <summary>fo_close: the last descriptor went away.</summary>
    void Close(OpenFile fp);
}
