using System.Text;
using Kfork.Sys;
using Kfork.Vm;
using static Kfork.Tests.Vm.VmTestSupport;

namespace Kfork.Tests.Vm;

public class VmspaceCopyTests
{
    [Fact]
    public void CopyOutThenCopyInAcrossAPageBoundary()
    {
        var space = SpaceWith(2);
        var data = Enumerable.Range(1, 100).Select(i => (byte)i).ToArray();
        Assert.Equal(Errno.OK, space.CopyOut(data, Base + Page - 40));
        var back = new byte[100];
        Assert.Equal(Errno.OK, space.CopyIn(Base + Page - 40, back));
        Assert.Equal(data, back);
        Assert.Equal(41, Peek(space, Base + Page));
    }

    [Fact]
    public void CopyInFromUnmappedIsEfault()
    {
        var space = SpaceWith(1);
        Assert.Equal(Errno.EFAULT, space.CopyIn(Base + Page - 4, new byte[8]));
        Assert.Equal(Errno.EFAULT, space.CopyIn(0, new byte[1]));
        Assert.Equal(Errno.EFAULT, space.CopyIn(ulong.MaxValue - 2, new byte[8]));
    }

    [Fact]
    public void CopyOutToReadOnlyOrUnmappedIsEfault()
    {
        var space = SpaceWith(1, Prot.Read);
        Assert.Equal(Errno.EFAULT, space.CopyOut([1], Base));
        Assert.Equal(Errno.EFAULT, space.CopyOut([1], Base + Page));
        Assert.Equal(Errno.EFAULT, new Vmspace().CopyOut([1], Base));
    }

    [Fact]
    public void CopyOutResolvesCopyOnWrite()
    {
        var parent = SpaceWith(1);
        Poke(parent, Base, 1);
        var child = parent.Fork();
        Assert.Equal(Errno.OK, child.CopyOut([2], Base));
        Assert.Equal(1, Peek(parent, Base));
        Assert.Equal(2, Peek(child, Base));
    }

    [Fact]
    public void CopyOutDropsTheDecodeCache()
    {
        var space = SpaceWith(1, Prot.All);
        var page = space.Translate(Base, VmAccess.Write)!;
        page.DecodeCache = new object();
        space.CopyOut([1], Base);
        Assert.Null(page.DecodeCache);
    }

    [Fact]
    public void EmptyCopiesSucceedAnywhere()
    {
        var space = new Vmspace();
        Assert.Equal(Errno.OK, space.CopyIn(0, []));
        Assert.Equal(Errno.OK, space.CopyOut([], ulong.MaxValue));
    }

    [Fact]
    public void CopyInStrReadsAcrossAPageBoundary()
    {
        var space = SpaceWith(2);
        space.CopyOut(Encoding.UTF8.GetBytes("/bin/sh\0"), Base + Page - 3);
        Assert.Equal(Errno.OK, space.CopyInStr(Base + Page - 3, 64, out string value));
        Assert.Equal("/bin/sh", value);
    }

    [Fact]
    public void CopyInStrCountsTheNulInTheLimit()
    {
        var space = SpaceWith(1);
        space.CopyOut("abc\0"u8, Base);
        Assert.Equal(Errno.OK, space.CopyInStr(Base, 4, out string value));
        Assert.Equal("abc", value);
        Assert.Equal(Errno.ENAMETOOLONG, space.CopyInStr(Base, 3, out value));
        Assert.Equal("", value);
        Assert.Equal(Errno.ENAMETOOLONG, space.CopyInStr(Base, 0, out _));
    }

    [Fact]
    public void CopyInStrRunningIntoAnUnmappedPageIsEfault()
    {
        var space = SpaceWith(1);
        space.CopyOut("xyz"u8, Base + Page - 3);
        Assert.Equal(Errno.EFAULT, space.CopyInStr(Base + Page - 3, 100, out _));
        Assert.Equal(Errno.ENAMETOOLONG, space.CopyInStr(Base + Page - 3, 3, out _));
        Assert.Equal(Errno.EFAULT, space.CopyInStr(0, 100, out _));
    }

    [Fact]
    public void ReadAndWriteU64RoundTripAcrossPages()
    {
        var space = SpaceWith(2);
        Assert.Equal(Errno.OK, space.WriteU64(Base + Page - 3, 0x0102030405060708));
        Assert.Equal(Errno.OK, space.ReadU64(Base + Page - 3, out ulong value));
        Assert.Equal(0x0102030405060708UL, value);
        Assert.Equal(Errno.EFAULT, space.ReadU64(Base + 2 * Page - 4, out value));
        Assert.Equal(0UL, value);
    }
}
