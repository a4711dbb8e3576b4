using Kfork.Vm;
using static Kfork.Tests.Vm.VmTestSupport;

namespace Kfork.Tests.Vm;

public class VmspaceForkTests
{
    [Fact]
    public void ChildWritesAreInvisibleToParent()
    {
        var parent = SpaceWith(4);
        Poke(parent, Base, 1);
        var child = parent.Fork();
        Poke(child, Base, 2);
        Assert.Equal(1, Peek(parent, Base));
        Assert.Equal(2, Peek(child, Base));
    }

    [Fact]
    public void ParentWritesAreInvisibleToChild()
    {
        var parent = SpaceWith(4);
        Poke(parent, Base + Page, 7);
        var child = parent.Fork();
        Poke(parent, Base + Page, 8);
        Assert.Equal(7, Peek(child, Base + Page));
        Assert.Equal(8, Peek(parent, Base + Page));
    }

    [Fact]
    public void UntouchedPagesStayZeroAndSeparateInBoth()
    {
        var parent = SpaceWith(2);
        var child = parent.Fork();
        Poke(child, Base + 5, 9);
        Assert.Equal(0, Peek(parent, Base + 5));
        Poke(parent, Base + 6, 3);
        Assert.Equal(0, Peek(child, Base + 6));
        Assert.Equal(9, Peek(child, Base + 5));
    }

    [Fact]
    public void ForkSharesTheRootWithoutTouchingAnyPageOrNode()
    {
        var parent = SpaceWith(2048);
        for (ulong i = 0; i < 2048; i++) Poke(parent, Base + i * Page, 1);
        long copiedBefore = parent.NodesCopied;
        var page = parent.Translate(Base, VmAccess.Read)!;

        var child = parent.Fork();

        Assert.True(child.SharesRootWith(parent));
        Assert.Equal(copiedBefore, parent.NodesCopied);
        Assert.Equal(0, child.NodesCopied);
        Assert.Equal(1, page.ShareCount);
        Assert.Equal(parent.ResidentPages, child.ResidentPages);
        Assert.Equal(parent.MappedBytes, child.MappedBytes);
    }

    [Fact]
    public void FirstWriteAfterForkCopiesOneNodeChainAndOnePage()
    {
        var parent = SpaceWith(2048);
        for (ulong i = 0; i < 2048; i++) Poke(parent, Base + i * Page, 1);
        var child = parent.Fork();

        Poke(child, Base, 2);

        Assert.Equal(3, child.NodesCopied);
        Assert.Equal(1, child.CopiedOnWrite);
        Assert.False(child.SharesRootWith(parent));
    }

    [Fact]
    public void AfterChildReleaseParentWritesWithoutCopying()
    {
        var parent = SpaceWith(600);
        for (ulong i = 0; i < 600; i++) Poke(parent, Base + i * Page, 1);
        var child = parent.Fork();
        Poke(child, Base, 2);
        var shared = parent.Translate(Base + Page, VmAccess.Read)!;
        Assert.Equal(2, shared.ShareCount);

        child.Release();

        Assert.Equal(1, shared.ShareCount);
        long copies = parent.CopiedOnWrite;
        for (ulong i = 0; i < 600; i++) Poke(parent, Base + i * Page, 3);
        Assert.Equal(copies, parent.CopiedOnWrite);
        Assert.Same(shared, parent.Translate(Base + Page, VmAccess.Write));
    }

    [Fact]
    public void AfterParentReleaseChildOwnsEveryPage()
    {
        var parent = SpaceWith(8);
        for (ulong i = 0; i < 8; i++) Poke(parent, Base + i * Page, 5);
        var child = parent.Fork();
        Poke(parent, Base, 6);

        parent.Release();

        for (ulong i = 0; i < 8; i++)
            Assert.Equal(1, child.Translate(Base + i * Page, VmAccess.Write)!.ShareCount);
        Assert.Equal(0, child.CopiedOnWrite);
        Assert.Equal(5, Peek(child, Base));
    }

    [Fact]
    public void GrandchildrenShareAndSeparateCorrectly()
    {
        var a = SpaceWith(1);
        Poke(a, Base, 1);
        var b = a.Fork();
        var c = b.Fork();
        Poke(b, Base, 2);
        Poke(c, Base, 3);
        Assert.Equal(1, Peek(a, Base));
        Assert.Equal(2, Peek(b, Base));
        Assert.Equal(3, Peek(c, Base));
        b.Release();
        c.Release();
        Assert.Equal(1, a.Translate(Base, VmAccess.Write)!.ShareCount);
    }

    [Fact]
    public void ForkBumpsTheParentGeneration()
    {
        var parent = SpaceWith(1);
        long before = parent.Generation;
        parent.Fork();
        Assert.True(parent.Generation > before);
    }

    [Fact]
    public void CopyOnWriteBumpsTheGenerationOfTheWriter()
    {
        var parent = SpaceWith(1);
        Poke(parent, Base, 1);
        var child = parent.Fork();
        long before = child.Generation;
        Poke(child, Base, 2);
        Assert.True(child.Generation > before);
    }

    [Fact]
    public void SharedMappingStaysSharedAcrossFork()
    {
        var parent = SpaceWith(2, sharing: MapFlags.Shared);
        var child = parent.Fork();
        Poke(child, Base + Page, 4);
        Poke(parent, Base, 5);
        Assert.Equal(4, Peek(parent, Base + Page));
        Assert.Equal(5, Peek(child, Base));
        Assert.Equal(0, child.CopiedOnWrite + parent.CopiedOnWrite);
    }

    [Fact]
    public void ForkKeepsSizesAndBreak()
    {
        var parent = new Vmspace { DataPages = 3, StackPages = 5 };
        var child = parent.Fork();
        Assert.Equal(3, child.DataPages);
        Assert.Equal(5, child.StackPages);
        Assert.Equal(parent.CurrentBreak, child.CurrentBreak);
        Assert.Equal(1, child.RefCount);
    }

    [Fact]
    public void EmptySpaceIsSmall()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var space = new Vmspace();
        long size = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(space);
        Assert.True(size < 200, $"an empty Vmspace takes {size} bytes");
    }

    [Fact]
    public void EmptySpaceForksAndReleases()
    {
        var parent = new Vmspace();
        var child = parent.Fork();
        Assert.Null(child.Translate(Base, VmAccess.Read));
        child.Release();
        parent.Release();
        Assert.Equal(0, parent.ResidentPages);
    }
}
