using Kfork.Kern;
using Kfork.Sys;
using static Kfork.Sys.Fcntl;

namespace Kfork.Tests.Kern;

/// <summary>kern_descrip.c and sys_generic.c: descriptors, the shared offset, dup/dup2, limits, EBADF, EFAULT.</summary>
public class DescripTests : FileTestBase
{
    // FreeBSD: the offset lives in struct file, shared by dup(2) and by fork(2)'s fdcopy.
    [Theory, MemberData(nameof(AllProfiles))]
    public void The_offset_is_shared_after_dup_and_fork(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        int w = OpenOk(k, td, "/tmp/f", O_WRONLY | O_CREAT);
        WriteOk(k, td, w, "abcdef");
        int r = OpenOk(k, td, "/tmp/f", O_RDONLY);
        Assert.Equal(Errno.OK, k.SysDup(td, r));
        int r2 = (int)td.Retval0;
        Assert.Equal("ab", ReadOk(k, td, r, 2));
        Assert.Equal("cd", ReadOk(k, td, r2, 2));
        var child = ForkOk(k, td);
        Assert.Equal("ef", ReadOk(k, child.MainLwp, r, 2));
        Assert.Equal("", ReadOk(k, td, r2, 2));
        Check(k);
    }

    // fdalloc: the lowest free descriptor; dup clears close-on-exec.
    [Theory, MemberData(nameof(AllProfiles))]
    public void New_descriptors_take_the_lowest_free_slot(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var (r, w) = PipeOk(k, td);
        Assert.Equal((0, 1), (r, w));
        Assert.Equal(Errno.OK, k.SysClose(td, 0));
        Assert.Equal(0, OpenOk(k, td, "/dev/null", O_RDWR));
        Assert.Equal(Errno.OK, k.SysDup(td, 1));
        Assert.Equal(2, td.Retval0);
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void O_APPEND_writes_at_the_end_whatever_the_offset(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        int a = OpenOk(k, td, "/tmp/log", O_WRONLY | O_CREAT | O_APPEND);
        int b = OpenOk(k, td, "/tmp/log", O_WRONLY | O_APPEND);
        WriteOk(k, td, a, "one ");
        WriteOk(k, td, b, "two ");
        WriteOk(k, td, a, "three");
        int r = OpenOk(k, td, "/tmp/log", O_RDONLY);
        Assert.Equal("one two three", ReadOk(k, td, r, 100));
        int t = OpenOk(k, td, "/tmp/log", O_WRONLY | O_TRUNC);
        WriteOk(k, td, t, "x");
        Assert.Equal("x", ReadOk(k, td, OpenOk(k, td, "/tmp/log", O_RDONLY), 100));
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void O_CREAT_O_EXCL_fails_EEXIST_on_an_existing_name(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        OpenOk(k, td, "/tmp/x", O_RDWR | O_CREAT | O_EXCL);
        Assert.Equal(Errno.EEXIST, Open(k, td, "/tmp/x", O_RDWR | O_CREAT | O_EXCL, out _));
        Assert.Equal(Errno.EEXIST, Open(k, td, "/dev/null", O_WRONLY | O_CREAT | O_EXCL, out _));
        OpenOk(k, td, "/tmp/x", O_RDWR | O_CREAT);
        Check(k);
    }

    // kern_openat: O_WRONLY|O_RDWR is EINVAL.
    [Theory, MemberData(nameof(AllProfiles))]
    public void Open_with_both_write_modes_is_EINVAL(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.EINVAL, Open(k, td, "/tmp/x", O_WRONLY | O_RDWR | O_CREAT, out _));
        Assert.Equal(0, td.Proc.Fd.OpenCount);
    }

    // fdcloseexec: exec closes exactly the UF_EXCLOSE descriptors.
    [Theory, MemberData(nameof(AllProfiles))]
    public void O_CLOEXEC_descriptors_are_closed_by_FdCloseExec(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        int keep = OpenOk(k, td, "/dev/null", O_RDONLY);
        int gone = OpenOk(k, td, "/dev/null", O_RDONLY | O_CLOEXEC);
        var (r, w) = PipeOk(k, td, O_CLOEXEC);
        Assert.Equal(Errno.OK, k.SysDup(td, gone));
        int dupd = (int)td.Retval0;
        k.FdCloseExec(td.Proc);
        Assert.NotNull(td.Proc.Fd.Files[keep]);
        Assert.NotNull(td.Proc.Fd.Files[dupd]);
        Assert.Null(td.Proc.Fd.Files[gone]);
        Assert.Null(td.Proc.Fd.Files[r]);
        Assert.Null(td.Proc.Fd.Files[w]);
        Check(k);
    }

    // fdalloc: EMFILE at RLIMIT_NOFILE; falloc comes first, so nothing is created.
    [Theory, MemberData(nameof(AllProfiles))]
    public void EMFILE_at_RLIMIT_NOFILE(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.OK, k.SetRlimit(td, (int)RlimitKind.Nofile, new Rlimit(4, 4)));
        for (int i = 0; i < 3; i++) OpenOk(k, td, "/dev/null", O_RDONLY);
        Assert.Equal(Errno.EMFILE, k.KernPipe(td, 0, out _, out _));
        Assert.Equal(3, td.Proc.Fd.OpenCount);
        OpenOk(k, td, "/dev/null", O_RDONLY);
        Assert.Equal(Errno.EMFILE, Open(k, td, "/tmp/new", O_RDWR | O_CREAT, out _));
        Assert.Equal(Errno.EMFILE, k.SysDup(td, 0));
        Assert.Equal(Errno.EMFILE, k.SysKqueue(td));
        Assert.Equal(Errno.EBADF, k.SysDup2(td, 0, 4));
        Assert.Equal(Errno.OK, k.SysDup2(td, 0, 3));
        Assert.Equal(Errno.OK, k.SysClose(td, 3));
        Assert.Equal(Errno.ENOENT, Open(k, td, "/tmp/new", O_RDONLY, out _));
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Bad_descriptors_are_EBADF(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var (r, w) = PipeOk(k, td);
        Assert.Equal(Errno.EBADF, k.SysRead(td, 7, Data(td), 1));
        Assert.Equal(Errno.EBADF, k.SysRead(td, -1, Data(td), 1));
        Assert.Equal(Errno.EBADF, k.SysRead(td, w, Data(td), 1));
        Assert.Equal(Errno.EBADF, Write(k, td, r, "x"));
        Assert.Equal(Errno.EBADF, k.SysClose(td, 9));
        Assert.Equal(Errno.OK, k.SysClose(td, r));
        Assert.Equal(Errno.EBADF, k.SysClose(td, r));
        Assert.Equal(Errno.EBADF, k.SysDup(td, r));
        Assert.Equal(Errno.EBADF, k.SysDup2(td, r, 5));
        Assert.Equal(Errno.EBADF, k.SysDup2(td, w, -1));
        Assert.Equal(Errno.EBADF, k.SysDup2(td, w, k.MaxFd(td.Proc)));
        int ro = OpenOk(k, td, "/dev/null", O_RDONLY);
        Assert.Equal(Errno.EBADF, Write(k, td, ro, "x"));
        Check(k);
    }

    // kern_dup(FDDUP_FIXED): same descriptor returns it; otherwise the old target is closed.
    [Theory, MemberData(nameof(AllProfiles))]
    public void Dup2_closes_the_target_and_keeps_a_same_descriptor(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var (r, w) = PipeOk(k, td);
        Assert.Equal(Errno.OK, k.SysDup2(td, w, w));
        Assert.Equal(w, td.Retval0);
        int n = OpenOk(k, td, "/dev/null", O_RDONLY);
        Assert.Equal(Errno.OK, k.SysDup2(td, n, w));
        Assert.Equal(w, td.Retval0);
        // The pipe's only write end was replaced: the reader sees end of file.
        Assert.Equal("", ReadOk(k, td, r, 10));
        Assert.Equal(Errno.OK, k.SysDup2(td, n, 40));
        Assert.Equal(40, td.Retval0);
        Assert.Same(td.Proc.Fd.Files[n], td.Proc.Fd.Files[40]);
        Check(k);
    }

    // copyin/copyout: a bad user pointer is EFAULT, never an exception; pipe data is not consumed.
    [Theory, MemberData(nameof(AllProfiles))]
    public void Bad_buffers_are_EFAULT(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var (r, w) = PipeOk(k, td);
        WriteOk(k, td, w, "data");
        const ulong unmapped = 0x7000_0000;
        Assert.Equal(Errno.EFAULT, k.SysRead(td, r, unmapped, 4));
        Assert.Equal(Errno.EFAULT, k.SysRead(td, r, Data(td) + ScratchSize - 2 * DataOffset + 4094, 4096));
        Assert.Equal(Errno.EFAULT, k.SysWrite(td, w, unmapped, 4));
        Assert.Equal(Errno.EFAULT, k.SysOpen(td, unmapped, O_RDONLY, 0));
        Assert.Equal(Errno.EFAULT, k.SysPipe2(td, unmapped, 0));
        Assert.Equal("data", ReadOk(k, td, r, 10));
        Assert.Equal(2, td.Proc.Fd.OpenCount);
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Exit_closes_every_descriptor(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        var child = ForkOk(k, td);
        var (r, w) = PipeOk(k, child.MainLwp);
        var file = child.Fd.Files[r]!;
        k.SysExit(child.MainLwp, 0);
        Assert.Equal(0, file.RefCount);
        Assert.False(((PipeEnd)file.Ops!).Pipe.ReaderOpen);
        Check(k);
    }

    // The guest's calls reach the same code through the table (GUEST_ABI numbers).
    [Fact]
    public void The_file_calls_are_registered_with_their_numbers()
    {
        var t = new SyscallTable();
        Kernel.RegisterFileCalls(t);
        var expected = new (int, string)[]
        {
            (3, "read"), (4, "write"), (5, "open"), (6, "close"), (10, "unlink"), (12, "chdir"),
            (41, "dup"), (90, "dup2"), (362, "kqueue"), (542, "pipe2"), (560, "kevent"),
        };
        Assert.Equal(expected, t.Entries.Select(e => (e.Number, e.Name)));
        var k = Boot("freebsd");
        var td = UserProc(k);
        ulong fds = Data(td);
        Assert.Equal(Errno.OK, t.Find(542)!.Handler(k, td, new SyscallArgs(fds, 0, 0, 0, 0, 0, 0, 0)));
        Assert.Equal(Errno.OK, td.Proc.Vmspace.ReadU64(fds, out ulong pair));
        Assert.Equal((0UL, 1UL), (pair & 0xffffffff, pair >> 32));
        Assert.Equal(Errno.OK, t.Find(6)!.Handler(k, td, new SyscallArgs(1, 0, 0, 0, 0, 0, 0, 0)));
        Assert.Equal(Errno.EBADF, t.Find(6)!.Handler(k, td, new SyscallArgs(1, 0, 0, 0, 0, 0, 0, 0)));
        Check(k);
    }
}
