using System.Text;
using Kfork.Sys;
using static Kfork.Sys.Fcntl;

namespace Kfork.Tests.Kern;

/// <summary>tty_cons.c: the console over the host's streams; descriptors 0, 1, 2 of the first program.</summary>
public class ConsTests : FileTestBase
{
    [Theory, MemberData(nameof(AllProfiles))]
    public void Console_descriptors_use_the_host_streams(string profile)
    {
        var cin = new MemoryStream(Encoding.ASCII.GetBytes("typed"));
        var cout = new MemoryStream();
        var cerr = new MemoryStream();
        var k = BootWith(profile, cin: cin, cout: cout, cerr: cerr);
        var td = UserProc(k);
        k.OpenConsoleDescriptors(td.Proc);
        Assert.Same(td.Proc.Fd.Files[0], td.Proc.Fd.Files[1]);
        Assert.NotSame(td.Proc.Fd.Files[1], td.Proc.Fd.Files[2]);
        WriteOk(k, td, 1, "out ");
        WriteOk(k, td, 2, "err");
        WriteOk(k, td, 1, "more");
        Assert.Equal("typed", ReadOk(k, td, 0, 100));
        Assert.Equal("", ReadOk(k, td, 0, 100));
        Assert.Equal("out more", Encoding.ASCII.GetString(cout.ToArray()));
        Assert.Equal("err", Encoding.ASCII.GetString(cerr.ToArray()));
        Check(k);
    }

    // A child writes through the inherited descriptor; /dev/console opened by name writes to ConsoleOut.
    [Theory, MemberData(nameof(AllProfiles))]
    public void Console_output_from_children_and_dev_console_lands_in_order(string profile)
    {
        var cout = new MemoryStream();
        var k = BootWith(profile, cout: cout);
        var td = UserProc(k);
        k.OpenConsoleDescriptors(td.Proc);
        var child = ForkOk(k, td);
        WriteOk(k, td, 1, "a");
        WriteOk(k, child.MainLwp, 1, "b");
        int fd = OpenOk(k, td, "/dev/console", O_WRONLY);
        WriteOk(k, td, fd, "c");
        WriteOk(k, td, 2, "d"); // no ConsoleErr: standard error goes where standard output goes
        Assert.Equal("abcd", Encoding.ASCII.GetString(cout.ToArray()));
        Check(k);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Without_host_streams_the_console_reads_eof_and_swallows_writes(string profile)
    {
        var k = Boot(profile);
        var td = UserProc(k);
        k.OpenConsoleDescriptors(td.Proc);
        WriteOk(k, td, 1, "nowhere");
        Assert.Equal("", ReadOk(k, td, 0, 10));
    }
}
