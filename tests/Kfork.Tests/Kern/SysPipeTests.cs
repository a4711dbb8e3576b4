using Kfork.Kern;
using Kfork.Sys;
using static Kfork.Sys.Fcntl;

namespace Kfork.Tests.Kern;

/// <summary>sys_pipe.c: pipe2, blocking and non-blocking I/O, EOF, EPIPE/SIGPIPE, PIPE_BUF atomicity.</summary>
public class SysPipeTests : FileTestBase
{
    [Theory, MemberData(nameof(AllProfiles))]
    public void Data_written_by_a_child_is_read_by_the_parent(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var (r, w) = PipeOk(k, td);
        var child = ForkOk(k, td);
        Assert.Equal(Errno.OK, k.SysClose(child.MainLwp, r));
        WriteOk(k, child.MainLwp, w, "hello");
        Assert.Equal("hello", ReadOk(k, td, r, 64));
        Check(k);
    }

    // pipe2(2): only O_CLOEXEC and O_NONBLOCK.
    [Theory, MemberData(nameof(AllProfiles))]
    public void Pipe2_accepts_only_O_CLOEXEC_and_O_NONBLOCK(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.EINVAL, k.SysPipe2(td, Data(td), O_APPEND));
        Assert.Equal(Errno.OK, k.SysPipe2(td, Data(td), O_CLOEXEC | O_NONBLOCK));
        Assert.Equal(Errno.OK, td.Proc.Vmspace.ReadU64(Data(td), out ulong fds));
        int r = (int)(fds & 0xffffffff), w = (int)(fds >> 32);
        Assert.Equal(Filedesc.UF_EXCLOSE, td.Proc.Fd.FileFlags[r]);
        Assert.Equal(Filedesc.UF_EXCLOSE, td.Proc.Fd.FileFlags[w]);
        Assert.Equal(Errno.EAGAIN, Read(k, td, r, 1, out _));
        Check(k);
    }

    // pipe_read sleeps while the pipe is empty and a writer remains; pipe_write wakes it.
    [Theory, MemberData(nameof(AllProfiles))]
    public void A_blocked_reader_is_woken_by_a_writer(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var (r, w) = PipeOk(k, td);
        var child = ForkOk(k, td);
        Assert.Equal(Errno.EJUSTRETURN, k.SysRead(td, r, Data(td), 64));
        Assert.Equal("piperd", td.WMesg);
        Check(k);
        WriteOk(k, child.MainLwp, w, "wake");
        k.RunUntilIdle();
        Assert.Equal(Errno.OK, td.CompletedError);
        Assert.Equal("wake", DataText(td));
        Check(k);
    }

    // EOF once the last write end is closed, also by the exit of a child that inherited it.
    [Theory, MemberData(nameof(AllProfiles))]
    public void Eof_after_the_last_writer_closes_even_by_exit(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var (r, w) = PipeOk(k, td);
        var child = ForkOk(k, td);
        Assert.Equal(Errno.OK, k.SysClose(td, w));
        Assert.Equal(Errno.EJUSTRETURN, k.SysRead(td, r, Data(td), 64));
        WriteOk(k, child.MainLwp, w, "last");
        k.SysExit(child.MainLwp, 0);
        k.RunUntilIdle();
        Assert.Equal(Errno.OK, td.CompletedError);
        Assert.Equal("last", DataText(td));
        Assert.Equal("", ReadOk(k, td, r, 64));
        Assert.Equal(Errno.OK, k.SysWait4(td, child.Pid, 0, 0));
        Check(k);
    }

    // dofilewrite: EPIPE, and SIGPIPE to the writer, whose default action kills it.
    [Theory, MemberData(nameof(AllProfiles))]
    public void Writing_with_no_reader_is_EPIPE_and_SIGPIPE(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var (r, w) = PipeOk(k, td);
        var child = ForkOk(k, td);
        Assert.Equal(Errno.OK, k.SysClose(td, r));
        Assert.Equal(Errno.OK, k.SysClose(child.MainLwp, r));
        Assert.Equal(Errno.EPIPE, Write(k, child.MainLwp, w, "x"));
        Assert.True(child.SigList.Has(Sig.SIGPIPE));
        k.RunUntilIdle();
        Assert.Equal(Errno.OK, k.SysWait4(td, child.Pid, 0, 0));
        Assert.Equal(Wait.Signaled(Sig.SIGPIPE), td.WaitStatus);
        // Ignored, SIGPIPE leaves EPIPE alone.
        Assert.Equal(Errno.OK, k.SysSigaction(td, Sig.SIGPIPE, new SigAction(SigAction.SIG_IGN, default, SaFlags.None), out _));
        Assert.Equal(Errno.EPIPE, Write(k, td, w, "x"));
        Assert.Equal(Errno.EPIPE, Write(k, td, w, ""));
        Check(k);
    }

    // A write blocked for room fails EPIPE when the last reader goes away (here by exit).
    [Theory, MemberData(nameof(AllProfiles))]
    public void A_blocked_writer_gets_EPIPE_when_the_reader_closes(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.OK, k.SysSigaction(td, Sig.SIGPIPE, new SigAction(SigAction.SIG_IGN, default, SaFlags.None), out _));
        var (r, w) = PipeOk(k, td);
        var child = ForkOk(k, td);
        Assert.Equal(Errno.OK, k.SysClose(td, r));
        Assert.Equal(Errno.OK, Write(k, td, w, new byte[Pipe.PIPE_SIZE]));
        Assert.Equal(Errno.EJUSTRETURN, Write(k, td, w, "more"));
        Assert.Equal("pipewr", td.WMesg);
        k.SysExit(child.MainLwp, 0);
        k.RunUntilIdle();
        Assert.Equal(Errno.EPIPE, td.CompletedError);
        Check(k);
    }

    // PIPE_BUF: a small write goes in whole or waits; O_NONBLOCK makes it EAGAIN; a large one is split.
    [Theory, MemberData(nameof(AllProfiles))]
    public void Writes_up_to_PIPE_BUF_are_atomic(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var (r, w) = PipeOk(k, td);
        var pipe = ((PipeEnd)td.Proc.Fd.Files[r]!.Ops!).Pipe;
        var child = ForkOk(k, td);
        Assert.Equal(Errno.OK, Write(k, td, w, new byte[Pipe.PIPE_SIZE - 100]));
        td.Proc.Fd.Files[w]!.Flags |= O_NONBLOCK;
        Assert.Equal(Errno.EAGAIN, Write(k, td, w, new byte[200]));
        Assert.Equal(Pipe.PIPE_SIZE - 100, pipe.Count);
        Assert.Equal(Errno.OK, Write(k, td, w, new byte[600]));
        Assert.Equal(100, td.Retval0);
        Assert.Equal(Errno.EAGAIN, Write(k, td, w, new byte[600]));
        td.Proc.Fd.Files[w]!.Flags &= ~O_NONBLOCK;
        Assert.Equal(Errno.EJUSTRETURN, Write(k, td, w, new byte[200]));
        Assert.Equal(Errno.OK, k.SysRead(child.MainLwp, r, Data(child.MainLwp), 150));
        k.RunUntilIdle();
        Assert.Equal(Pipe.PIPE_SIZE - 150, pipe.Count); // still not room for 200
        Assert.Null(td.CompletedError);
        Assert.Equal(Errno.OK, k.SysRead(child.MainLwp, r, Data(child.MainLwp), 100));
        k.RunUntilIdle();
        Assert.Equal(Errno.OK, td.CompletedError);
        Assert.Equal(200, td.Retval0);
        Assert.Equal(Pipe.PIPE_SIZE - 50, pipe.Count);
        Check(k);
    }

    // A large blocking write goes in pieces until all of it is written.
    [Theory, MemberData(nameof(AllProfiles))]
    public void A_large_blocking_write_completes_as_the_reader_drains(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var (r, w) = PipeOk(k, td);
        var child = ForkOk(k, td);
        var big = new byte[Pipe.PIPE_SIZE * 3];
        for (int i = 0; i < big.Length; i++) big[i] = (byte)i;
        Assert.Equal(Errno.EJUSTRETURN, Write(k, td, w, big));
        var got = new List<byte>();
        var reader = child.MainLwp;
        while (got.Count < big.Length)
        {
            Assert.Equal(Errno.OK, k.SysRead(reader, r, Data(reader), 5000));
            var chunk = new byte[reader.Retval0];
            Assert.Equal(Errno.OK, reader.Proc.Vmspace.CopyIn(Data(reader), chunk));
            got.AddRange(chunk);
            k.RunUntilIdle();
        }
        Assert.Equal(big, got.ToArray());
        Assert.Equal(Errno.OK, td.CompletedError);
        Assert.Equal(big.Length, td.Retval0);
        Check(k);
    }

    // A read interrupted by a caught signal returns EINTR (ERESTART under SA_RESTART).
    [Theory, MemberData(nameof(AllProfiles))]
    public void A_read_interrupted_by_a_caught_signal_is_EINTR(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var (r, _) = PipeOk(k, td);
        Assert.Equal(Errno.OK, k.SysSigaction(td, Sig.SIGUSR1, new SigAction(0x5000, default, SaFlags.None), out _));
        Assert.Equal(Errno.OK, k.SysSigaction(td, Sig.SIGUSR2, new SigAction(0x5000, default, SaFlags.SA_RESTART), out _));
        Assert.Equal(Errno.EJUSTRETURN, k.SysRead(td, r, Data(td), 10));
        Assert.Equal(Errno.OK, k.SysKill(td, td.Proc.Pid, Sig.SIGUSR1));
        k.RunUntilIdle();
        Assert.Equal(Errno.EINTR, td.CompletedError);
        Assert.Equal(Errno.EJUSTRETURN, k.SysRead(td, r, Data(td), 10));
        Assert.Equal(Errno.OK, k.SysKill(td, td.Proc.Pid, Sig.SIGUSR2));
        k.RunUntilIdle();
        Assert.Equal(Errno.ERESTART, td.CompletedError);
        Check(k);
    }

    // A reader asleep when its process exits leaves no reference behind.
    [Theory, MemberData(nameof(AllProfiles))]
    public void A_sleeping_reader_that_exits_leaves_the_counts_right(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var (r, w) = PipeOk(k, td);
        var child = ForkOk(k, td);
        Assert.Equal(Errno.EJUSTRETURN, k.SysRead(child.MainLwp, r, Data(child.MainLwp), 10));
        Assert.Equal(Errno.OK, k.SysKill(td, child.Pid, Sig.SIGTERM));
        k.RunUntilIdle();
        Assert.Equal(ProcStat.SZOMB, child.Stat);
        Assert.Equal(1, td.Proc.Fd.Files[r]!.RefCount);
        Check(k);
    }
}
