using CsCheck;
using Kfork.Kern;
using Kfork.Sys;
using Kfork.Tests.Kern;
using static Kfork.Sys.Fcntl;

namespace Kfork.Tests.Property;

/// <summary>
/// Random non-blocking reads, writes and closes on one pipe against a FIFO model of sys_pipe.c:
/// data comes out in order, a write of at most PIPE_BUF bytes goes in whole or not at all, a larger
/// one takes the room there is, EAGAIN only when nothing can move, EOF and EPIPE after the closes.
/// </summary>
public class PipeModelTests : FileTestBase
{
    public enum Kind { Write, Read, CloseWriter, CloseReader }

    public readonly record struct Op(Kind Kind, int Size)
    {
        public override string ToString() => $"{Kind}({Size})";
    }

    private static readonly Gen<Op> GenOp = Gen.Select(
        Gen.Frequency((8, Gen.Const(Kind.Write)), (8, Gen.Const(Kind.Read)), (1, Gen.Const(Kind.CloseWriter)), (1, Gen.Const(Kind.CloseReader))),
        Gen.OneOf(Gen.Int[0, 600], Gen.Int[0, 20000]),
        (k, n) => new Op(k, n));

    [Fact]
    public void Pipe_io_matches_the_fifo_model()
    {
        GenOp.Array[1, 80].Sample(Replay, iter: 300, threads: 1);
    }

    private void Replay(Op[] ops)
    {
        var k = Boot("freebsd");
        var td = UserProc(k);
        Assert.Equal(Errno.OK, k.SysSigaction(td, Sig.SIGPIPE, new SigAction(SigAction.SIG_IGN, default, SaFlags.None), out _));
        var (r, w) = PipeOk(k, td, O_NONBLOCK);
        var model = new Queue<byte>();
        bool writer = true, reader = true;
        byte next = 0;
        foreach (var op in ops)
        {
            switch (op.Kind)
            {
                case Kind.Write when writer: next = CheckWrite(k, td, w, op.Size, model, reader, next); break;
                case Kind.Read when reader: CheckRead(k, td, r, op.Size, model, writer); break;
                case Kind.CloseWriter when writer: Assert.Equal(Errno.OK, k.SysClose(td, w)); writer = false; break;
                case Kind.CloseReader when reader: Assert.Equal(Errno.OK, k.SysClose(td, r)); reader = false; break;
            }
            Invariants.Check(k);
        }
    }

    private byte CheckWrite(Kernel k, Lwp td, int w, int n, Queue<byte> model, bool reader, byte next)
    {
        var data = new byte[n];
        for (int i = 0; i < n; i++) data[i] = (byte)(next + i);
        var error = Write(k, td, w, data);
        int space = Pipe.PIPE_SIZE - model.Count;
        if (!reader) { Assert.Equal(Errno.EPIPE, error); return next; }
        if (n > 0 && (space == 0 || (n <= Pipe.PIPE_BUF && space < n))) { Assert.Equal(Errno.EAGAIN, error); return next; }
        Assert.Equal(Errno.OK, error);
        int expected = Math.Min(n, space);
        Assert.Equal(expected, td.Retval0);
        for (int i = 0; i < expected; i++) model.Enqueue(data[i]);
        return (byte)(next + expected);
    }

    private void CheckRead(Kernel k, Lwp td, int r, int n, Queue<byte> model, bool writer)
    {
        var error = k.SysRead(td, r, Data(td), (ulong)n);
        if (n > 0 && model.Count == 0 && writer) { Assert.Equal(Errno.EAGAIN, error); return; }
        Assert.Equal(Errno.OK, error);
        int expected = Math.Min(n, model.Count);
        Assert.Equal(expected, td.Retval0);
        var got = new byte[expected];
        Assert.Equal(Errno.OK, td.Proc.Vmspace.CopyIn(Data(td), got));
        for (int i = 0; i < expected; i++) Assert.Equal(model.Dequeue(), got[i]);
    }
}
