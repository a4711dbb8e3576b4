using Kfork.Sys;
using Kfork.Vm;

namespace Kfork.Kern;

/// <summary>
/// sys_generic.c: read(2) and write(2) over any file (dofileread, dofilewrite). Data moves through
/// a kernel buffer in chunks of <see cref="IoChunk"/>. A file op that cannot proceed returns
/// EAGAIN: with O_NONBLOCK that is the answer, otherwise the LWP sleeps (PCATCH) on the op's
/// WaitChannel and the call is retried when woken. A transfer that had moved bytes before a
/// signal or EAGAIN reports the bytes, as dofileread/dofilewrite turn EINTR into a short count.
/// </summary>
public sealed partial class Kernel
{
    /// <summary>The most one op call moves (MAXBSIZE-like); larger requests loop.</summary>
    public const int IoChunk = 64 * 1024;

    private byte[]? ioBuffer;
    private byte[] IoBuffer => ioBuffer ??= new byte[IoChunk];

    /// <summary>read(2): EBADF unless open for reading, EINVAL above SSIZE_MAX, EFAULT for a bad buffer.</summary>
    public Errno SysRead(Lwp td, int fd, ulong buf, ulong nbyte)
    {
        if (nbyte > long.MaxValue) return Errno.EINVAL;
        var error = FgetFor(td.Proc, fd, OpenFile.FREAD, out var fp);
        return error != Errno.OK ? error : DoFileRead(td, fp, buf, (long)nbyte);
    }

    /// <summary>write(2): EBADF unless open for writing; EPIPE also posts SIGPIPE to the writer.</summary>
    public Errno SysWrite(Lwp td, int fd, ulong buf, ulong nbyte)
    {
        if (nbyte > long.MaxValue) return Errno.EINVAL;
        var error = FgetFor(td.Proc, fd, OpenFile.FWRITE, out var fp);
        return error != Errno.OK ? error : DoFileWrite(td, fp, buf, (long)nbyte, 0);
    }

    /// <summary>
    /// dofileread. The destination is checked before the op runs, so a bad buffer is EFAULT
    /// without consuming anything (pipe_read moves data only once uiomove succeeded).
    /// A short op result ends the call: end of file, or all a pipe or the console had.
    /// DIVERGENCE: the whole chunk (up to IoChunk bytes of the buffer) must be writable, where
    /// FreeBSD faults only on the bytes it actually moves.
    /// </summary>
    private Errno DoFileRead(Lwp td, OpenFile fp, ulong buf, long nbyte)
    {
        if (fp.Ops == null) return Errno.EBADF; // badfileops
        var vm = td.Proc.Vmspace;
        long done = 0;
        while (done < nbyte)
        {
            int chunk = (int)Math.Min(nbyte - done, IoChunk);
            ulong at = buf + (ulong)done;
            if (!UserWritable(vm, at, chunk)) return Errno.EFAULT;
            var dst = IoBuffer.AsSpan(0, chunk);
            var error = fp.Ops.Read(this, td, fp, dst, out int n);
            if (error == Errno.EAGAIN && done == 0) return WouldBlock(td, fp, forWrite: false, new ReadRetry(fp, buf, nbyte));
            if (error == Errno.EAGAIN) break;
            if (error != Errno.OK) return error;
            if (n > 0 && vm.CopyOut(dst[..n], at) != Errno.OK) return Errno.EFAULT;
            done += n;
            if (n < chunk) break;
        }
        td.Retval0 = done;
        return Errno.OK;
    }

    /// <summary>
    /// dofilewrite. A write of nothing still asks the op once (a pipe without a reader says EPIPE).
    /// A partial write that would block sleeps and goes on with the rest, unless O_NONBLOCK.
    /// </summary>
    private Errno DoFileWrite(Lwp td, OpenFile fp, ulong buf, long nbyte, long done)
    {
        if (fp.Ops == null) return Errno.EBADF;
        var vm = td.Proc.Vmspace;
        do
        {
            int chunk = (int)Math.Min(nbyte - done, IoChunk);
            var src = IoBuffer.AsSpan(0, chunk);
            if (vm.CopyIn(buf + (ulong)done, src) != Errno.OK) return Errno.EFAULT;
            var error = fp.Ops.Write(this, td, fp, src, out int n);
            if (error == Errno.EAGAIN)
            {
                if ((fp.Flags & Fcntl.O_NONBLOCK) != 0 && done > 0) break;
                return WouldBlock(td, fp, forWrite: true, new WriteRetry(fp, buf, nbyte, done));
            }
            if (error == Errno.EPIPE) Psignal(td.Proc, Sig.SIGPIPE);
            if (error != Errno.OK) return error;
            done += n;
        } while (done < nbyte);
        td.Retval0 = done;
        return Errno.OK;
    }

    /// <summary>EAGAIN for O_NONBLOCK; otherwise tsleep(PCATCH) on the file's channel until woken.</summary>
    private Errno WouldBlock(Lwp td, OpenFile fp, bool forWrite, SleepContinuation retry)
    {
        if ((fp.Flags & Fcntl.O_NONBLOCK) != 0) return Errno.EAGAIN;
        string wmesg = fp.Ops is PipeEnd ? (forWrite ? "pipewr" : "piperd") : (forWrite ? "fwrite" : "fread");
        return Tsleep(td, fp.Ops!.WaitChannel(fp, forWrite), wmesg, 0, true, retry);
    }

    /// <summary>Is [addr, addr+len) writable by the user (faulting in what a store would)?</summary>
    private static bool UserWritable(Vmspace vm, ulong addr, int len)
    {
        if (len == 0) return true;
        ulong end = addr + (ulong)len;
        if (end < addr) return false;
        for (ulong va = VmParam.TruncPage(addr); va < end; va += VmParam.PageSize)
            if (vm.Translate(va, VmAccess.Write) == null) return false;
        return true;
    }

    /// <summary>
    /// The read after tsleep: a signal ends it (EINTR, or ERESTART under SA_RESTART).
    /// DIVERGENCE: the sleeping call holds no file reference (an exiting LWP's continuation is
    /// simply dropped, so a reference would leak); if the file was closed meanwhile by a sharer of
    /// the table, the call fails with EBADF where FreeBSD would keep reading the still-open file.
    /// </summary>
    private sealed class ReadRetry(OpenFile fp, ulong buf, long nbyte) : SleepContinuation
    {
        public override Errno Resume(Kernel k, Lwp td, Errno sleepError)
        {
            if (sleepError != Errno.OK) return sleepError;
            return fp.RefCount == 0 ? Errno.EBADF : k.DoFileRead(td, fp, buf, nbyte);
        }
    }

    /// <summary>The write after tsleep, carrying what was written so far (a signal then gives a short count).</summary>
    private sealed class WriteRetry(OpenFile fp, ulong buf, long nbyte, long done) : SleepContinuation
    {
        public override Errno Resume(Kernel k, Lwp td, Errno sleepError)
        {
            if (sleepError != Errno.OK && done > 0)
            {
                td.Retval0 = done;
                return Errno.OK;
            }
            if (sleepError != Errno.OK) return sleepError;
            return fp.RefCount == 0 ? Errno.EBADF : k.DoFileWrite(td, fp, buf, nbyte, done);
        }
    }
}
