using System.Text;
using Kfork.Kern;
using Kfork.Profiles;
using Kfork.Sys;
using Kfork.Vm;

namespace Kfork.Tests.Kern;

/// <summary>
/// Helpers for the file-side tests: API processes get a scratch mapping in their address space
/// (kept by fork, so a child uses the same addresses) for paths and buffers, and the calls go
/// through the same Sys* entry points the guest's system calls use.
/// </summary>
public abstract class FileTestBase : KernelTestBase
{
    /// <summary>Scratch layout: a path at +0, I/O data from +PageSize.</summary>
    protected const ulong ScratchSize = 256 * 1024;
    protected const ulong DataOffset = VmParam.PageSize;

    protected static Kernel BootWith(string profile, string? root = null, Stream? cin = null, Stream? cout = null, Stream? cerr = null) =>
        new(new KernelOptions
        {
            Profile = Builtin.Find(profile)!,
            RootDirectory = root,
            ConsoleIn = cin,
            ConsoleOut = cout,
            ConsoleErr = cerr,
        });

    /// <summary>The process's scratch area: mapped on first use, or inherited from the parent it forked from.</summary>
    protected static ulong Scratch(Lwp td)
    {
        var vm = td.Proc.Vmspace;
        if (vm.Translate(ScratchBase, VmAccess.Write) != null) return ScratchBase;
        Assert.Equal(Errno.OK, vm.Map(ScratchBase, ScratchSize, Prot.Read | Prot.Write, MapFlags.Anon | MapFlags.Private | MapFlags.Fixed, out _));
        return ScratchBase;
    }

    protected const ulong ScratchBase = 0x4000_0000;

    protected static ulong Data(Lwp td) => Scratch(td) + DataOffset;

    /// <summary>A NUL-terminated string at the scratch area's start.</summary>
    protected ulong PathArg(Lwp td, string path)
    {
        ulong addr = Scratch(td);
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        Assert.Equal(Errno.OK, td.Proc.Vmspace.CopyOut(bytes, addr));
        return addr;
    }

    protected Errno Open(Kernel k, Lwp td, string path, int flags, out int fd, int mode = 0x1a4)
    {
        var error = k.SysOpen(td, PathArg(td, path), flags, mode);
        fd = error == Errno.OK ? (int)td.Retval0 : -1;
        return error;
    }

    protected int OpenOk(Kernel k, Lwp td, string path, int flags, int mode = 0x1a4)
    {
        Assert.Equal(Errno.OK, Open(k, td, path, flags, out int fd, mode));
        return fd;
    }

    protected Errno Write(Kernel k, Lwp td, int fd, string text) => Write(k, td, fd, Encoding.ASCII.GetBytes(text));

    protected Errno Write(Kernel k, Lwp td, int fd, byte[] data)
    {
        Assert.Equal(Errno.OK, td.Proc.Vmspace.CopyOut(data, Data(td)));
        return k.SysWrite(td, fd, Data(td), (ulong)data.Length);
    }

    protected void WriteOk(Kernel k, Lwp td, int fd, string text)
    {
        Assert.Equal(Errno.OK, Write(k, td, fd, text));
        Assert.Equal(text.Length, td.Retval0);
    }

    /// <summary>read(2) into the scratch data area; the text read when it completed at once.</summary>
    protected Errno Read(Kernel k, Lwp td, int fd, int n, out string text)
    {
        var error = k.SysRead(td, fd, Data(td), (ulong)n);
        text = error == Errno.OK ? DataText(td) : "";
        return error;
    }

    protected string ReadOk(Kernel k, Lwp td, int fd, int n)
    {
        Assert.Equal(Errno.OK, Read(k, td, fd, n, out string text));
        return text;
    }

    /// <summary>What the last completed read left in the data area (Retval0 bytes).</summary>
    protected string DataText(Lwp td)
    {
        var buf = new byte[td.Retval0];
        Assert.Equal(Errno.OK, td.Proc.Vmspace.CopyIn(Data(td), buf));
        return Encoding.ASCII.GetString(buf);
    }

    protected (int R, int W) PipeOk(Kernel k, Lwp td, int flags = 0)
    {
        Assert.Equal(Errno.OK, k.KernPipe(td, flags, out int r, out int w));
        return (r, w);
    }
}
