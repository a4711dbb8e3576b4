using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>
/// sys_pipe.c: a pipe is a PIPE_SIZE ring buffer between a read end and a write end.
/// DIVERGENCE: FreeBSD's two ends are both FREAD|FWRITE (bidirectional pipes); Kfork keeps the
/// classic POSIX pair, fds[0] for reading and fds[1] for writing (read(2) on the write end is EBADF),
/// which is all portable programs rely on.
/// </summary>
public sealed class Pipe
{
    /// <summary>PIPE_SIZE: the buffer (16 KiB, FreeBSD's default).</summary>
    public const int PIPE_SIZE = 16384;
    /// <summary>PIPE_BUF: writes of at most this many bytes are never interleaved with others.</summary>
    public const int PIPE_BUF = 512;

    private readonly byte[] buffer = new byte[PIPE_SIZE];
    private int start;

    /// <summary>pipe_buffer.cnt: bytes waiting to be read.</summary>
    public int Count { get; private set; }
    /// <summary>Each end stays open while its file has references; the file's close ends it (pipeclose).</summary>
    public bool ReaderOpen { get; internal set; } = true;
    public bool WriterOpen { get; internal set; } = true;
    public PipeEnd ReadEnd { get; }
    public PipeEnd WriteEnd { get; }
    public int Id { get; }

    public Pipe(int id)
    {
        Id = id;
        ReadEnd = new PipeEnd(this, reader: true);
        WriteEnd = new PipeEnd(this, reader: false);
    }

    /// <summary>Copy out up to dst.Length buffered bytes, oldest first.</summary>
    internal int Take(Span<byte> dst)
    {
        int n = Math.Min(dst.Length, Count);
        int first = Math.Min(n, PIPE_SIZE - start);
        buffer.AsSpan(start, first).CopyTo(dst);
        buffer.AsSpan(0, n - first).CopyTo(dst[first..]);
        start = (start + n) % PIPE_SIZE;
        Count -= n;
        return n;
    }

    /// <summary>Append all of <paramref name="src"/>; the caller checked the space.</summary>
    internal void Put(ReadOnlySpan<byte> src)
    {
        int end = (start + Count) % PIPE_SIZE;
        int first = Math.Min(src.Length, PIPE_SIZE - end);
        src[..first].CopyTo(buffer.AsSpan(end));
        src[first..].CopyTo(buffer);
        Count += src.Length;
    }
}

/// <summary>One end's fileops (pipeops). Readers sleep on the read end, writers on the write end.</summary>
public sealed class PipeEnd(Pipe pipe, bool reader) : IFileOps, IFileInvariants
{
    public Pipe Pipe => pipe;
    public bool IsReadEnd => reader;

    /// <summary>pipe_read: what is there; EAGAIN when empty with a writer left; 0 (EOF) once every writer closed.</summary>
    public Errno Read(Kernel k, Lwp td, OpenFile fp, Span<byte> dst, out int done)
    {
        done = 0;
        if (!reader) return Errno.EBADF;
        if (pipe.Count == 0) return pipe.WriterOpen ? Errno.EAGAIN : Errno.OK;
        done = pipe.Take(dst);
        k.Wakeup(pipe.WriteEnd);
        return Errno.OK;
    }

    /// <summary>
    /// pipe_write: EPIPE with no reader; a write of at most PIPE_BUF bytes goes in whole or waits
    /// (EAGAIN) for room; a larger one takes what room there is.
    /// </summary>
    public Errno Write(Kernel k, Lwp td, OpenFile fp, ReadOnlySpan<byte> src, out int done)
    {
        done = 0;
        if (reader) return Errno.EBADF;
        if (!pipe.ReaderOpen) return Errno.EPIPE;
        if (src.IsEmpty) return Errno.OK;
        int space = Pipe.PIPE_SIZE - pipe.Count;
        if (space == 0 || (src.Length <= Pipe.PIPE_BUF && space < src.Length)) return Errno.EAGAIN;
        done = Math.Min(space, src.Length);
        pipe.Put(src[..done]);
        k.Wakeup(pipe.ReadEnd);
        return Errno.OK;
    }

    public object WaitChannel(OpenFile fp, bool forWrite) => forWrite ? pipe.WriteEnd : pipe.ReadEnd;

    /// <summary>pipeclose: the other side learns at once (readers see EOF, writers EPIPE).</summary>
    public void Close(Kernel k, OpenFile fp)
    {
        if (reader)
        {
            pipe.ReaderOpen = false;
            k.Wakeup(pipe.WriteEnd);
        }
        else
        {
            pipe.WriterOpen = false;
            k.Wakeup(pipe.ReadEnd);
        }
    }

    public string? Violation(OpenFile fp)
    {
        if (!(reader ? pipe.ReaderOpen : pipe.WriterOpen)) return $"{fp.Name}: an open file on a closed pipe end";
        if (pipe.Count is < 0 or > Pipe.PIPE_SIZE) return $"{fp.Name}: {pipe.Count} bytes buffered";
        return null;
    }
}

public sealed partial class Kernel
{
    private int lastPipeId;

    /// <summary>
    /// pipe2(2): <paramref name="fdsAddr"/> receives int[2] {read end, write end}; flags are
    /// O_CLOEXEC and O_NONBLOCK, anything else EINVAL. On EMFILE or a bad pointer nothing stays open.
    /// </summary>
    public Errno SysPipe2(Lwp td, ulong fdsAddr, int flags)
    {
        var error = KernPipe(td, flags, out int rfd, out int wfd);
        if (error != Errno.OK) return error;
        error = CopyOutInt32(td.Proc, fdsAddr, rfd);
        if (error == Errno.OK) error = CopyOutInt32(td.Proc, fdsAddr + 4, wfd);
        if (error != Errno.OK)
        {
            FdClose(td.Proc.Fd, rfd);
            FdClose(td.Proc.Fd, wfd);
            return error;
        }
        td.Retval0 = 0;
        return Errno.OK;
    }

    /// <summary>kern_pipe: make the pipe and its two descriptors.</summary>
    public Errno KernPipe(Lwp td, int flags, out int rfd, out int wfd)
    {
        rfd = wfd = -1;
        if ((flags & ~(Fcntl.O_CLOEXEC | Fcntl.O_NONBLOCK)) != 0) return Errno.EINVAL;
        var pipe = new Pipe(++lastPipeId);
        int status = flags & Fcntl.O_NONBLOCK;
        bool cloexec = (flags & Fcntl.O_CLOEXEC) != 0;
        var rf = new OpenFile { Kind = "pipe", Name = $"pipe:{pipe.Id}r", Flags = OpenFile.FREAD | status, Ops = pipe.ReadEnd };
        var wf = new OpenFile { Kind = "pipe", Name = $"pipe:{pipe.Id}w", Flags = OpenFile.FWRITE | status, Ops = pipe.WriteEnd };
        var error = FInstall(td.Proc, rf, cloexec, out rfd);
        if (error != Errno.OK)
        {
            FileDrop(wf);
            return error;
        }
        error = FInstall(td.Proc, wf, cloexec, out wfd);
        if (error != Errno.OK)
        {
            FdClose(td.Proc.Fd, rfd);
            rfd = -1;
        }
        return error;
    }
}
