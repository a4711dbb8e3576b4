using System.Text;
using Kfork.Kern;
using Kfork.Sys;
using static Kfork.Sys.Fcntl;

namespace Kfork.Tests.Kern;

/// <summary>vfs_lookup.c, vfs_syscalls.c, vfs_vnops.c: the name space a guest sees and its errors.</summary>
public sealed class VfsTests : FileTestBase, IDisposable
{
    private readonly string root;

    /// <summary>A host root: /bin/prog (0755), /etc/motd (0644), /etc/secret (0600), /d, and links that try to leave.</summary>
    public VfsTests()
    {
        root = Path.Combine(Path.GetTempPath(), "kfork-vfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        Directory.CreateDirectory(Path.Combine(root, "d"));
        File.WriteAllText(Path.Combine(root, "etc", "motd"), "welcome");
        File.WriteAllText(Path.Combine(root, "etc", "secret"), "s");
        File.WriteAllBytes(Path.Combine(root, "bin", "prog"), [0x7f, (byte)'E', (byte)'L', (byte)'F']);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(root, "etc", "motd"), (UnixFileMode)0x1a4);
            File.SetUnixFileMode(Path.Combine(root, "etc", "secret"), (UnixFileMode)0x180);
            File.SetUnixFileMode(Path.Combine(root, "bin", "prog"), (UnixFileMode)0x1ed);
        }
        File.CreateSymbolicLink(Path.Combine(root, "up"), "../../../../../../etc");
        File.CreateSymbolicLink(Path.Combine(root, "abs"), "/etc");
        File.CreateSymbolicLink(Path.Combine(root, "hostetc"), "/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(root, "loop"), "loop");
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private Kernel BootRoot(string profile) => BootWith(profile, root);

    [Theory, MemberData(nameof(AllProfiles))]
    public void Lookup_errors_are_FreeBSDs(string profile)
    {
        var k = BootRoot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.ENOENT, Open(k, td, "/nonexistent", O_RDONLY, out _));
        Assert.Equal(Errno.ENOENT, Open(k, td, "", O_RDONLY, out _));
        Assert.Equal(Errno.ENOENT, Open(k, td, "/tmp/missing/x", O_RDWR | O_CREAT, out _));
        Assert.Equal(Errno.ENOTDIR, Open(k, td, "/etc/motd/x", O_RDONLY, out _));
        Assert.Equal(Errno.ENOTDIR, Open(k, td, "/etc/motd/", O_RDONLY, out _));
        Assert.Equal(Errno.EISDIR, Open(k, td, "/tmp", O_WRONLY, out _));
        Assert.Equal(Errno.EISDIR, Open(k, td, "/tmp/", O_RDWR | O_CREAT, out _));
        Assert.Equal(Errno.ENAMETOOLONG, Open(k, td, "/tmp/" + new string('n', 256), O_RDWR | O_CREAT, out _));
        OpenOk(k, td, "/tmp/" + new string('n', 255), O_RDWR | O_CREAT);
        Assert.Equal(Errno.ELOOP, Open(k, td, "/loop", O_RDONLY, out _));
        Check(k);
    }

    // copyinstr(PATH_MAX): no NUL within 1024 bytes is ENAMETOOLONG.
    [Theory, MemberData(nameof(AllProfiles))]
    public void Paths_longer_than_PATH_MAX_are_ENAMETOOLONG(string profile)
    {
        var k = BootRoot(profile);
        var td = UserProc(k);
        string longPath = "/" + string.Join("/", Enumerable.Repeat("dd", 400));
        Assert.Equal(Errno.ENAMETOOLONG, Open(k, td, longPath, O_RDONLY, out _));
        Assert.Equal(Errno.ENAMETOOLONG, k.KernOpen(td, longPath, O_RDONLY, 0));
        string fits = "/" + string.Join("/", Enumerable.Repeat(".", 500));
        Assert.Equal(1000, fits.Length);
        Assert.Equal(Errno.OK, Open(k, td, fits, O_RDONLY, out _));
    }

    // The root is mounted read-only: vn_writechk and lookup's CREATE/DELETE say EROFS.
    [Theory, MemberData(nameof(AllProfiles))]
    public void The_host_root_is_read_only(string profile)
    {
        var k = BootRoot(profile);
        var td = UserProc(k, uid: 0);
        int fd = OpenOk(k, td, "/etc/motd", O_RDONLY);
        Assert.Equal("welcome", ReadOk(k, td, fd, 100));
        Assert.Equal(Errno.EROFS, Open(k, td, "/etc/motd", O_WRONLY, out _));
        Assert.Equal(Errno.EROFS, Open(k, td, "/etc/motd", O_RDONLY | O_TRUNC, out _));
        Assert.Equal(Errno.EROFS, Open(k, td, "/etc/new", O_WRONLY | O_CREAT, out _));
        Assert.Equal(Errno.OK, Open(k, td, "/etc/motd", O_RDONLY | O_CREAT, out _));
        Assert.Equal(Errno.EROFS, k.KernUnlink(td, "/etc/motd"));
        Assert.Equal(Errno.ENOENT, k.KernUnlink(td, "/etc/none"));
        Assert.Equal(Errno.EISDIR, k.KernUnlink(td, "/"));
        Assert.Equal("welcome", File.ReadAllText(Path.Combine(root, "etc", "motd")));
        Assert.False(File.Exists(Path.Combine(root, "etc", "new")));
        Check(k);
    }

    // ".." stops at the root and links resolve inside the guest's name space, as under chroot(2).
    [Theory, MemberData(nameof(AllProfiles))]
    public void The_host_root_cannot_be_escaped(string profile)
    {
        var k = BootRoot(profile);
        var td = UserProc(k);
        Assert.Equal("welcome", ReadOk(k, td, OpenOk(k, td, "/../../../etc/motd", O_RDONLY), 100));
        Assert.Equal("welcome", ReadOk(k, td, OpenOk(k, td, "/up/motd", O_RDONLY), 100));
        Assert.Equal("welcome", ReadOk(k, td, OpenOk(k, td, "/abs/motd", O_RDONLY), 100));
        Assert.Equal("welcome", ReadOk(k, td, OpenOk(k, td, "/tmp/../dev/../etc/motd", O_RDONLY), 100));
        Assert.Equal(Errno.ENOENT, Open(k, td, "/hostetc", O_RDONLY, out _));
        Assert.Equal(Errno.ENOENT, Open(k, td, "/up/passwd", O_RDONLY, out _));
        Assert.Equal(Errno.OK, k.KernChdir(td, "/../.."));
        Assert.Equal("/", td.Proc.Fd.Cwd);
        Assert.Equal(Errno.OK, k.KernChdir(td, "up"));
        Assert.Equal("/etc", td.Proc.Fd.Cwd);
        Assert.Equal("welcome", ReadOk(k, td, OpenOk(k, td, "../../etc/./motd", O_RDONLY), 100));
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Tmp_files_are_created_written_read_and_unlinked(string profile)
    {
        var k = BootRoot(profile);
        var td = UserProc(k);
        int fd = OpenOk(k, td, "/tmp/notes", O_RDWR | O_CREAT | O_EXCL);
        WriteOk(k, td, fd, "hello tmpfs");
        Assert.Equal("", ReadOk(k, td, fd, 100));
        int r = OpenOk(k, td, "//tmp///notes", O_RDONLY);
        Assert.Equal("hello tmpfs", ReadOk(k, td, r, 100));
        Assert.Equal(Errno.OK, k.KernUnlink(td, "/tmp/notes"));
        Assert.Equal(Errno.ENOENT, Open(k, td, "/tmp/notes", O_RDONLY, out _));
        Assert.Equal(Errno.ENOENT, k.KernUnlink(td, "/tmp/notes"));
        // An unlinked file lives on while it is open.
        int again = OpenOk(k, td, "/dev/null", O_RDONLY);
        Assert.Equal(Errno.OK, k.SysDup2(td, r, again));
        WriteOk(k, td, fd, "!");
        Assert.Equal("!", ReadOk(k, td, again, 100));
        Assert.Equal(0, k.Tmpfs.Root.Count);
        Check(k);
    }

    // unlink(2): a directory is EPERM.
    [Theory, MemberData(nameof(AllProfiles))]
    public void Unlinking_a_directory_is_EPERM(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k, uid: 0);
        k.Tmpfs.Root.MakeDir("sub");
        Assert.Equal(Errno.EPERM, k.KernUnlink(td, "/tmp/sub"));
        Assert.Equal(Errno.EPERM, k.KernUnlink(td, "/dev/null"));
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Dev_null_reads_end_of_file_and_swallows_writes(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        int fd = OpenOk(k, td, "/dev/null", O_RDWR);
        WriteOk(k, td, fd, "gone");
        Assert.Equal("", ReadOk(k, td, fd, 100));
        Assert.Equal(Errno.EOPNOTSUPP, Open(k, UserProc(k, uid: 0), "/dev/new", O_RDWR | O_CREAT, out _));
        Assert.Equal(Errno.EACCES, Open(k, td, "/dev/new", O_RDWR | O_CREAT, out _));
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Chdir_sets_where_relative_paths_start(string profile)
    {
        var k = BootRoot(profile);
        var td = UserProc(k);
        Assert.Equal(Errno.OK, k.SysChdir(td, PathArg(td, "/tmp")));
        int fd = OpenOk(k, td, "rel", O_RDWR | O_CREAT);
        WriteOk(k, td, fd, "r");
        Assert.Equal("r", ReadOk(k, td, OpenOk(k, td, "/tmp/rel", O_RDONLY), 10));
        Assert.Equal(Errno.ENOTDIR, k.KernChdir(td, "rel"));
        Assert.Equal(Errno.ENOENT, k.KernChdir(td, "nowhere"));
        var child = ForkOk(k, td);
        Assert.Equal("/tmp", child.Fd.Cwd);
        Assert.Equal(Errno.OK, k.KernChdir(td, ".."));
        Assert.Equal("/", td.Proc.Fd.Cwd);
        Check(k);
    }

    // Without --root, `/` is an empty read-only directory that still has /tmp and /dev.
    [Theory, MemberData(nameof(AllProfiles))]
    public void Without_a_root_directory_the_root_is_empty_and_read_only(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k, uid: 0);
        Assert.Equal(Errno.ENOENT, Open(k, td, "/bin/sh", O_RDONLY, out _));
        Assert.Equal(Errno.EROFS, Open(k, td, "/x", O_RDWR | O_CREAT, out _));
        OpenOk(k, td, "/", O_RDONLY);
        OpenOk(k, td, "/tmp/x", O_RDWR | O_CREAT);
        OpenOk(k, td, "/dev/console", O_WRONLY);
    }

    // vaccess: owner, group, other bits; root passes. The sticky /tmp keeps others' files.
    [Theory, MemberData(nameof(AllProfiles))]
    public void Permissions_give_EACCES_and_the_sticky_bit_EPERM(string profile)
    {
        var k = BootRoot(profile);
        var owner = UserProc(k, uid: 1001);
        var other = UserProc(k, uid: 1002);
        var root = UserProc(k, uid: 0);
        OpenOk(k, owner, "/tmp/private", O_RDWR | O_CREAT, mode: 0x180);
        OpenOk(k, owner, "/tmp/shared", O_RDWR | O_CREAT, mode: 0x1b6);
        Assert.Equal(Errno.EACCES, Open(k, other, "/tmp/private", O_RDONLY, out _));
        Assert.Equal(Errno.EACCES, Open(k, other, "/tmp/shared", O_RDWR, out _)); // umask 022 took o+w
        Assert.Equal(Errno.OK, Open(k, other, "/tmp/shared", O_RDONLY, out _));
        Assert.Equal(Errno.OK, Open(k, root, "/tmp/private", O_RDWR, out _));
        Assert.Equal(Errno.EACCES, Open(k, other, "/etc/secret", O_RDONLY, out _));
        Assert.Equal(Errno.OK, Open(k, root, "/etc/secret", O_RDONLY, out _));
        Assert.Equal(Errno.EPERM, k.KernUnlink(other, "/tmp/private"));
        Assert.Equal(Errno.OK, k.KernUnlink(owner, "/tmp/private"));
        Check(k);
    }

    // exec_check_permissions: a regular file with an execute bit, else EACCES; missing is ENOENT.
    [Theory, MemberData(nameof(AllProfiles))]
    public void VfsReadFile_reads_what_exec_may_run(string profile)
    {
        var k = BootRoot(profile);
        var td = UserProc(k, uid: 0);
        Assert.Equal(Errno.OK, k.VfsReadFile(td, "/bin/prog", out var image));
        Assert.Equal("\x7f" + "ELF", Encoding.ASCII.GetString(image));
        Assert.Equal(Errno.ENOENT, k.VfsReadFile(td, "/bin/none", out _));
        Assert.Equal(Errno.EACCES, k.VfsReadFile(td, "/bin", out _));
        Assert.Equal(Errno.EACCES, k.VfsReadFile(td, "/etc/motd", out _));
        Assert.Equal(Errno.EACCES, k.VfsReadFile(td, "/dev/null", out _));
        int fd = OpenOk(k, td, "/tmp/script", O_RDWR | O_CREAT, mode: 0x1ed);
        WriteOk(k, td, fd, "#!x");
        Assert.Equal(Errno.OK, k.VfsReadFile(td, "/tmp/script", out var script));
        Assert.Equal("#!x", Encoding.ASCII.GetString(script));
    }
}
