using Kfork.Sys;
using Kfork.Vm;
using static Kfork.Tests.Vm.VmTestSupport;

namespace Kfork.Tests.Vm;

public class VmspaceBreakTests
{
    private const ulong DataStart = 0x20_0000;
    private const ulong Limit = 1UL << 20;

    /// <summary>A space whose data segment is one page at <see cref="DataStart"/>, as exec leaves it.</summary>
    private static Vmspace WithData()
    {
        var space = new Vmspace();
        space.MapRange(DataStart, DataStart + Page, Prot.Read | Prot.Write, shared: false);
        space.SetDataSegment(DataStart, 1);
        return space;
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(DataStart - 1 - Page)]
    [InlineData(ulong.MaxValue)]
    public void BelowTheDataStartReportsTheCurrentBreak(ulong request)
    {
        var space = WithData();
        Assert.Equal(Errno.OK, space.Break(request, Limit, out ulong current));
        Assert.Equal(DataStart + Page, current);
        Assert.Equal(1, space.DataPages);
    }

    [Fact]
    public void GrowingMapsZeroedReadWritePagesAndCountsThem()
    {
        var space = WithData();
        Assert.Equal(Errno.OK, space.Break(DataStart + 3 * Page + 1, Limit, out ulong current));
        Assert.Equal(DataStart + 4 * Page, current);
        Assert.Equal(4, space.DataPages);
        Assert.Equal(0, Peek(space, DataStart + 3 * Page));
        Assert.NotNull(space.Translate(DataStart + 3 * Page, VmAccess.Write));
        Assert.Null(space.Translate(DataStart + 3 * Page, VmAccess.Execute));
        Assert.Null(space.Translate(DataStart + 4 * Page, VmAccess.Read));
    }

    [Fact]
    public void ShrinkingUnmapsTheTail()
    {
        var space = WithData();
        space.Break(DataStart + 4 * Page, Limit, out _);
        Assert.Equal(Errno.OK, space.Break(DataStart + 2 * Page, Limit, out ulong current));
        Assert.Equal(DataStart + 2 * Page, current);
        Assert.Equal(2, space.DataPages);
        Assert.Null(space.Translate(DataStart + 2 * Page, VmAccess.Read));
    }

    [Fact]
    public void ShrinkingToTheDataStartEmptiesTheSegment()
    {
        var space = WithData();
        Assert.Equal(Errno.OK, space.Break(DataStart, Limit, out ulong current));
        Assert.Equal(DataStart, current);
        Assert.Equal(0, space.DataPages);
    }

    [Fact]
    public void GrowingPastRlimitDataIsEnomem()
    {
        var space = WithData();
        Assert.Equal(Errno.ENOMEM, space.Break(DataStart + Limit + Page, Limit, out ulong current));
        Assert.Equal(DataStart + Page, current);
        Assert.Equal(Errno.OK, space.Break(DataStart + Limit, Limit, out _));
    }

    [Fact]
    public void ShrinkingIsAllowedWhileOverTheLimit()
    {
        var space = WithData();
        space.Break(DataStart + 8 * Page, Limit, out _);
        Assert.Equal(Errno.OK, space.Break(DataStart + 4 * Page, Page, out ulong current));
        Assert.Equal(DataStart + 4 * Page, current);
    }

    [Fact]
    public void GrowingIntoAnotherMappingIsEnomem()
    {
        var space = WithData();
        space.Map(DataStart + 4 * Page, Page, Prot.Read, MapFlags.Anon | MapFlags.Private | MapFlags.Fixed, out _);
        Assert.Equal(Errno.ENOMEM, space.Break(DataStart + 5 * Page, Limit, out _));
        Assert.Equal(1, space.DataPages);
    }

    [Fact]
    public void GrowingBeyondUserSpaceIsEnomem()
    {
        var space = WithData();
        Assert.Equal(Errno.ENOMEM, space.Break(VmParam.MaxUserAddress + Page, ulong.MaxValue, out _));
    }

    [Fact]
    public void SpaceWithoutADataSegmentCannotGrowFromPageZero()
    {
        var space = new Vmspace();
        Assert.Equal(Errno.ENOMEM, space.Break(0x10000, Limit, out ulong current));
        Assert.Equal(0UL, current);
        Assert.Null(space.Translate(0, VmAccess.Read));
    }
}
