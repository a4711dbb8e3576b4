using System.Diagnostics.CodeAnalysis;
using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>devfs at /dev: null and console, both crw-rw-rw- root:wheel in a dr-xr-xr-x directory.</summary>
public sealed class DevDir : Vnode
{
    private readonly DevNode nullDev, console;

    [SetsRequiredMembers]
    public DevDir()
    {
        Mount = new Mount { FsType = "devfs" };
        nullDev = new DevNode(_ => NullOps.Instance) { Mount = Mount };
        console = new DevNode(k => k.ConsoleDriver(stderr: false)) { Mount = Mount };
    }

    public override VType Type => VType.VDIR;
    public override int Mode => 0x16d; // 0555

    public override Errno Lookup(string name, out Vnode? vp)
    {
        vp = name switch { "null" => nullDev, "console" => console, _ => null };
        return vp == null ? Errno.ENOENT : Errno.OK;
    }

    /// <summary>DIVERGENCE: FreeBSD lets root hide a devfs node with unlink; Kfork's devices stay (EPERM).</summary>
    public override Errno Remove(string name) => Errno.EPERM;

    public override Errno Open(Kernel k, int fflags, out IFileOps? ops)
    {
        ops = DirectoryOps.Instance;
        return Errno.OK;
    }
}

/// <summary>A character device node: opening it gives the driver's fileops.</summary>
public sealed class DevNode(Func<Kernel, IFileOps> driver) : Vnode
{
    public override VType Type => VType.VCHR;
    public override int Mode => 0x1b6; // 0666

    public override Errno Open(Kernel k, int fflags, out IFileOps? ops)
    {
        ops = driver(k);
        return Errno.OK;
    }
}

/// <summary>null(4): reads are at end of file, writes vanish.</summary>
public sealed class NullOps : IFileOps
{
    public static readonly NullOps Instance = new();

    public Errno Read(Kernel k, Lwp td, OpenFile fp, Span<byte> dst, out int done)
    {
        done = 0;
        return Errno.OK;
    }

    public Errno Write(Kernel k, Lwp td, OpenFile fp, ReadOnlySpan<byte> src, out int done)
    {
        done = src.Length;
        return Errno.OK;
    }

    public object WaitChannel(OpenFile fp, bool forWrite) => this;
    public void Close(Kernel k, OpenFile fp) { }
}
