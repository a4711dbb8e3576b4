using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>
/// kern/tty_cons.c: the console device over the host's streams (KernelOptions.ConsoleIn/Out/Err).
/// Descriptor 2 of the first program is a second console file whose output is ConsoleErr, so the
/// host keeps standard output and standard error apart. A missing input stream reads as end of
/// file; a missing output stream swallows what is written, as /dev/null would.
/// </summary>
public sealed partial class Kernel
{
    private ConsoleOps? consoleOut, consoleErr;

    /// <summary>The console driver writing to ConsoleOut, or (for descriptor 2) to ConsoleErr.</summary>
    internal ConsoleOps ConsoleDriver(bool stderr) => stderr
        ? consoleErr ??= new ConsoleOps(Options.ConsoleIn, Options.ConsoleErr ?? Options.ConsoleOut)
        : consoleOut ??= new ConsoleOps(Options.ConsoleIn, Options.ConsoleOut);
}

/// <summary>
/// cnread/cnwrite. Every write is flushed at once so that guest output interleaves with the
/// host's own output in program order.
/// DIVERGENCE: a read blocks the host thread until the host stream has input (or is at end),
/// instead of sleeping in ttread: input then arrives in program order and runs stay reproducible;
/// a signal cannot interrupt such a read.
/// </summary>
public sealed class ConsoleOps(Stream? input, Stream? output) : IFileOps
{
    public Errno Read(Kernel k, Lwp td, OpenFile fp, Span<byte> dst, out int done)
    {
        done = 0;
        if (input == null || dst.IsEmpty) return Errno.OK;
        try
        {
            done = input.Read(dst);
            return Errno.OK;
        }
        catch (IOException) { return Errno.EIO; }
    }

    public Errno Write(Kernel k, Lwp td, OpenFile fp, ReadOnlySpan<byte> src, out int done)
    {
        done = src.Length;
        if (output == null) return Errno.OK;
        try
        {
            output.Write(src);
            output.Flush();
            return Errno.OK;
        }
        catch (IOException)
        {
            done = 0;
            return Errno.EIO;
        }
    }

    public object WaitChannel(OpenFile fp, bool forWrite) => this;
    public void Close(Kernel k, OpenFile fp) { }
}
