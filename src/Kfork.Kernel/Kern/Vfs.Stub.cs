using Kfork.Sys;

namespace Kfork.Kern;

// TEMPORARY until the file-system branch lands: read a program from the host root.
public sealed partial class Kernel
{
    internal Errno VfsReadFile(Lwp td, string path, out byte[] contents)
    {
        contents = [];
        if (Options.RootDirectory == null || !path.StartsWith('/') || path.Contains("..")) return Errno.ENOENT;
        var host = Path.Combine(Options.RootDirectory, path.TrimStart('/'));
        if (Directory.Exists(host)) return Errno.EACCES;
        if (!System.IO.File.Exists(host)) return Errno.ENOENT;
        contents = System.IO.File.ReadAllBytes(host);
        return Errno.OK;
    }

    internal void FdCloseExec(Proc p) { }
}

// TEMPORARY: console output only, until the file-system branch lands.
public sealed partial class Kernel
{
    private static void RegisterFileCalls(SyscallTable t)
    {
        t.Add(4, "write", 3, static (Kernel k, Lwp td, in SyscallArgs a) =>
        {
            var buf = new byte[(int)Math.Min(a.A2, 1 << 20)];
            var e = td.Proc.Vmspace.CopyIn(a.A1, buf);
            if (e != Errno.OK) return e;
            var s = a.A0 == 2 ? k.Options.ConsoleErr : k.Options.ConsoleOut;
            if (s == null || a.A0 > 2) return Errno.EBADF;
            s.Write(buf); s.Flush();
            td.Retval0 = buf.Length;
            return Errno.OK;
        });
    }
}

public sealed partial class Kernel
{
    public void OpenConsoleDescriptors(Proc p) { }
}
