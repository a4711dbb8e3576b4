using Kfork.Sys;
using Kfork.Vm;
using static Kfork.Tests.Vm.VmTestSupport;

namespace Kfork.Tests.Vm;

public class VmspaceMapTests
{
    private const MapFlags AnonPrivate = MapFlags.Anon | MapFlags.Private;
    private const Prot ReadWrite = Prot.Read | Prot.Write;

    [Theory]
    [InlineData(0UL, ReadWrite, AnonPrivate)]
    [InlineData(Page, (Prot)8, AnonPrivate)]
    [InlineData(Page, ReadWrite, MapFlags.Anon)]
    [InlineData(Page, ReadWrite, AnonPrivate | MapFlags.Shared)]
    [InlineData(Page, ReadWrite, MapFlags.Private)]
    [InlineData(Page, ReadWrite, AnonPrivate | (MapFlags)0x20)]
    [InlineData(ulong.MaxValue, ReadWrite, AnonPrivate)]
    public void MapRejectsBadLengthProtectionOrFlags(ulong length, Prot prot, MapFlags flags)
    {
        var space = new Vmspace();
        Assert.Equal(Errno.EINVAL, space.Map(0, length, prot, flags, out _));
        Assert.Equal(0, space.MappedBytes);
    }

    [Theory]
    [InlineData(Base + 1)]
    [InlineData(0UL)]
    [InlineData(VmParam.MaxUserAddress)]
    [InlineData(VmParam.MaxUserAddress - Page)]
    public void FixedMapRejectsUnalignedOrOutOfRangeAddresses(ulong addr)
    {
        var space = new Vmspace();
        Assert.Equal(Errno.EINVAL, space.Map(addr, 2 * Page, ReadWrite, AnonPrivate | MapFlags.Fixed, out _));
    }

    [Fact]
    public void MapRoundsLengthUpToPages()
    {
        var space = new Vmspace();
        Assert.Equal(Errno.OK, space.Map(0, Page + 1, ReadWrite, AnonPrivate, out ulong at));
        Assert.Equal(2 * (long)Page, space.MappedBytes);
        Assert.NotNull(space.Translate(at + Page, VmAccess.Write));
        Assert.Null(space.Translate(at + 2 * Page, VmAccess.Read));
        Assert.Equal(0UL, at % Page);
    }

    [Fact]
    public void MapWithoutFixedPlacesAboveTheDataAreaAndAvoidsExistingMappings()
    {
        var space = new Vmspace();
        Assert.Equal(Errno.OK, space.Map(0, Page, ReadWrite, AnonPrivate, out ulong first));
        Assert.True(first >= VmParam.MaxDataSize);
        Assert.Equal(Errno.OK, space.Map(first, 3 * Page, ReadWrite, AnonPrivate, out ulong second));
        Assert.Equal(first + Page, second);
    }

    [Fact]
    public void MapHonoursAFreeHintAboveTheDataArea()
    {
        var space = new Vmspace();
        ulong hint = 0x20_0000_0000;
        Assert.Equal(Errno.OK, space.Map(hint, Page, ReadWrite, AnonPrivate, out ulong at));
        Assert.Equal(hint, at);
    }

    [Fact]
    public void MapFailsWithEnomemWhenNoHoleIsLargeEnough()
    {
        var space = new Vmspace();
        Assert.Equal(Errno.ENOMEM, space.Map(0, VmParam.MaxUserAddress, ReadWrite, AnonPrivate, out _));
    }

    [Fact]
    public void FixedMapReplacesWhatWasThere()
    {
        var space = SpaceWith(2);
        Poke(space, Base, 9);
        long generation = space.Generation;
        Assert.Equal(Errno.OK, space.Map(Base, Page, Prot.Read, AnonPrivate | MapFlags.Fixed, out _));
        Assert.Equal(0, Peek(space, Base));
        Assert.Null(space.Translate(Base, VmAccess.Write));
        Assert.True(space.Generation > generation);
        Assert.Equal(2 * (long)Page, space.MappedBytes);
    }

    [Fact]
    public void UnmapRemovesPagesAndBumpsGeneration()
    {
        var space = SpaceWith(3);
        Poke(space, Base + Page, 1);
        long generation = space.Generation;
        Assert.Equal(Errno.OK, space.Unmap(Base + Page, Page));
        Assert.Null(space.Translate(Base + Page, VmAccess.Read));
        Assert.NotNull(space.Translate(Base, VmAccess.Read));
        Assert.NotNull(space.Translate(Base + 2 * Page, VmAccess.Read));
        Assert.True(space.Generation > generation);
        Assert.Equal(2 * (long)Page, space.MappedBytes);
    }

    [Fact]
    public void UnmapRoundsAnUnalignedStartDownAsFreeBsdDoes()
    {
        var space = SpaceWith(2);
        Assert.Equal(Errno.OK, space.Unmap(Base + 10, 1));
        Assert.Null(space.Translate(Base, VmAccess.Read));
        Assert.NotNull(space.Translate(Base + Page, VmAccess.Read));
    }

    [Theory]
    [InlineData(Base, 0UL)]
    [InlineData(0UL, Page)]
    [InlineData(VmParam.MaxUserAddress - Page, 2 * Page)]
    [InlineData(Base, ulong.MaxValue)]
    public void UnmapRejectsEmptyOrOutOfRangeRequests(ulong addr, ulong length) =>
        Assert.Equal(Errno.EINVAL, new Vmspace().Unmap(addr, length));

    [Fact]
    public void UnmapOfAHoleSucceeds() =>
        Assert.Equal(Errno.OK, SpaceWith(1).Unmap(0x1000_0000, 64 * Page));

    [Fact]
    public void UnmapInAChildLeavesTheParentMapped()
    {
        var parent = SpaceWith(2);
        Poke(parent, Base, 3);
        var child = parent.Fork();
        Assert.Equal(Errno.OK, child.Unmap(Base, 2 * Page));
        Assert.Equal(3, Peek(parent, Base));
        Assert.Null(child.Translate(Base, VmAccess.Read));
        child.Release();
        Assert.Equal(1, parent.Translate(Base, VmAccess.Write)!.ShareCount);
    }

    [Fact]
    public void ResidentPagesCountsTouchedPagesOnly()
    {
        var space = SpaceWith(10);
        Assert.Equal(0, space.ResidentPages);
        Poke(space, Base, 1);
        Peek(space, Base + 3 * Page);
        Assert.Equal(2, space.ResidentPages);
        space.Unmap(Base, Page);
        Assert.Equal(1, space.ResidentPages);
    }

    [Fact]
    public void UnmappingEverythingGivesThePageTableBack()
    {
        var space = SpaceWith(3);
        space.Map(0x20_0000_0000, Page, Prot.Read, MapFlags.Anon | MapFlags.Private | MapFlags.Fixed, out _);
        Poke(space, Base, 1);
        Assert.Equal(Errno.OK, space.Unmap(Base, 2 * Page));
        Assert.True(space.HasPageTable);
        Assert.Equal(Errno.OK, space.Unmap(Base, 3 * Page));
        Assert.True(space.HasPageTable);
        Assert.Equal(Errno.OK, space.Unmap(0x20_0000_0000, Page));
        Assert.False(space.HasPageTable);
        Assert.Equal((0L, 0L), (space.MappedBytes, space.ResidentPages));
    }

    [Fact]
    public void PruningInAChildLeavesTheParentsTableIntact()
    {
        var parent = SpaceWith(2);
        Poke(parent, Base, 4);
        var child = parent.Fork();
        Assert.Equal(Errno.OK, child.Unmap(Base, 2 * Page));
        Assert.False(child.HasPageTable);
        Assert.Equal(4, Peek(parent, Base));
        Assert.Equal(1, parent.Translate(Base, VmAccess.Write)!.ShareCount);
    }
}
