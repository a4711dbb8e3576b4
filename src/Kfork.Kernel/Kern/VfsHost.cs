using Kfork.Sys;
using Microsoft.Win32.SafeHandles;

namespace Kfork.Kern;

/// <summary>
/// The host directory a guest sees as `/` (KernelOptions.RootDirectory), mounted read-only.
/// Safety: a host path is only ever built by appending one component that namei checked (no
/// "/", never "." or "..") to a directory it reached the same way, and a host symbolic link is
/// never followed by the host: namei reads it and resolves the target inside the guest's name
/// space (an absolute target restarts at the guest's root), as a chroot would. So no guest path
/// reaches outside the root directory. Files appear owned by root with their host mode bits.
/// </summary>
public sealed class HostDir(string hostPath, int mode) : Vnode
{
    public override VType Type => VType.VDIR;
    public override int Mode => mode;

    /// <summary>The root of the host file system view.</summary>
    public static HostDir MountRoot(string hostRoot) =>
        new(Path.GetFullPath(hostRoot), HostVnodes.ModeOf(hostRoot, 0x1ed)) { Mount = new Mount { FsType = "hostfs", ReadOnly = true } };

    public override Errno Lookup(string name, out Vnode? vp)
    {
        vp = null;
        string p = Path.Join(hostPath, name);
        try
        {
            var fi = new FileInfo(p);
            if (fi.LinkTarget is { } target) vp = new HostLink(target) { Mount = Mount };
            else if (Directory.Exists(p)) vp = new HostDir(p, HostVnodes.ModeOf(p, 0x1ed)) { Mount = Mount };
            else if (fi.Exists) vp = new HostFile(p, HostVnodes.ModeOf(p, 0x1a4)) { Mount = Mount };
            else return Errno.ENOENT;
            return Errno.OK;
        }
        catch (UnauthorizedAccessException) { return Errno.EACCES; }
        catch (IOException) { return Errno.EIO; }
    }

    public override Errno Open(Kernel k, int fflags, out IFileOps? ops)
    {
        ops = DirectoryOps.Instance;
        return Errno.OK;
    }
}

/// <summary>A host regular file: each open holds a host handle read with pread semantics at f_offset.</summary>
public sealed class HostFile(string hostPath, int mode) : Vnode
{
    public override VType Type => VType.VREG;
    public override int Mode => mode;

    public override Errno Open(Kernel k, int fflags, out IFileOps? ops)
    {
        ops = null;
        try
        {
            ops = new HostFileOps(File.OpenHandle(hostPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            return Errno.OK;
        }
        catch (UnauthorizedAccessException) { return Errno.EACCES; }
        catch (FileNotFoundException) { return Errno.ENOENT; }
        catch (DirectoryNotFoundException) { return Errno.ENOENT; }
        catch (IOException) { return Errno.EIO; }
    }

    /// <summary>The whole file, for exec's image activator.</summary>
    internal Errno ReadAll(out byte[] contents)
    {
        contents = [];
        try
        {
            contents = File.ReadAllBytes(hostPath);
            return Errno.OK;
        }
        catch (UnauthorizedAccessException) { return Errno.EACCES; }
        catch (FileNotFoundException) { return Errno.ENOENT; }
        catch (IOException) { return Errno.EIO; }
    }
}

/// <summary>A host symbolic link; namei resolves its text inside the guest's name space.</summary>
public sealed class HostLink(string target) : Vnode
{
    public override VType Type => VType.VLNK;
    public override int Mode => 0x1ff;

    public override Errno ReadLink(out string value)
    {
        value = target;
        return Errno.OK;
    }

    public override Errno Open(Kernel k, int fflags, out IFileOps? ops)
    {
        ops = null;
        return Errno.ELOOP;
    }
}

/// <summary>An open host file (vn_read on the read-only mount; writes never reach it: vn_writechk says EROFS).</summary>
public sealed class HostFileOps(SafeFileHandle handle) : IFileOps
{
    public Errno Read(Kernel k, Lwp td, OpenFile fp, Span<byte> dst, out int done)
    {
        done = 0;
        try
        {
            done = RandomAccess.Read(handle, dst, fp.Offset);
            fp.Offset += done;
            return Errno.OK;
        }
        catch (IOException) { return Errno.EIO; }
        catch (NotSupportedException) { return Errno.EIO; }
    }

    public Errno Write(Kernel k, Lwp td, OpenFile fp, ReadOnlySpan<byte> src, out int done)
    {
        done = 0;
        return Errno.EROFS;
    }

    public object WaitChannel(OpenFile fp, bool forWrite) => this;
    public void Close(Kernel k, OpenFile fp) => handle.Dispose();
}

internal static class HostVnodes
{
    /// <summary>The host's permission bits (0777 and the sticky/set-id bits), or a default where the host has none.</summary>
    public static int ModeOf(string path, int fallback)
    {
        if (OperatingSystem.IsWindows()) return fallback;
        try { return (int)File.GetUnixFileMode(path); }
        catch (IOException) { return fallback; }
        catch (UnauthorizedAccessException) { return fallback; }
    }
}
