using Kfork.Vm;
using static Kfork.Tests.Vm.VmTestSupport;

namespace Kfork.Tests.Vm;

public class VmspaceTranslateTests
{
    [Theory]
    [InlineData(Prot.None, false, false, false)]
    [InlineData(Prot.Read, true, false, false)]
    [InlineData(Prot.Write, false, true, false)]
    [InlineData(Prot.Exec, false, false, true)]
    [InlineData(Prot.Read | Prot.Write, true, true, false)]
    [InlineData(Prot.Read | Prot.Exec, true, false, true)]
    [InlineData(Prot.All, true, true, true)]
    public void TranslateHonoursProtection(Prot prot, bool read, bool write, bool execute)
    {
        var space = SpaceWith(1, prot);
        Assert.Equal(read, space.Translate(Base, VmAccess.Read) is not null);
        Assert.Equal(write, space.Translate(Base, VmAccess.Write) is not null);
        Assert.Equal(execute, space.Translate(Base, VmAccess.Execute) is not null);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(Base - 1)]
    [InlineData(Base + Page)]
    [InlineData(VmParam.MaxUserAddress)]
    [InlineData(ulong.MaxValue)]
    public void TranslateOfUnmappedAddressesIsNull(ulong va) =>
        Assert.Null(SpaceWith(1, Prot.All).Translate(va, VmAccess.Read));

    [Fact]
    public void ReadAndWriteOfAPrivatePageReturnTheSamePage()
    {
        var space = SpaceWith(1);
        var read = space.Translate(Base + 17, VmAccess.Read);
        Assert.Same(read, space.Translate(Base + 4000, VmAccess.Write));
        Assert.Equal(1, read!.ShareCount);
    }

    [Fact]
    public void TranslateWriteOnASharedPageReturnsAPrivateCopy()
    {
        var parent = SpaceWith(1);
        var original = parent.Translate(Base, VmAccess.Write)!;
        original.Data[0] = 42;
        var child = parent.Fork();
        var copy = child.Translate(Base, VmAccess.Write)!;
        Assert.NotSame(original, copy);
        Assert.Equal(1, copy.ShareCount);
        Assert.Equal(1, original.ShareCount);
        Assert.Equal(42, copy.Data[0]);
        Assert.Same(original, parent.Translate(Base, VmAccess.Write));
    }

    [Fact]
    public void TranslateReadAfterForkSharesThePage()
    {
        var parent = SpaceWith(1);
        var page = parent.Translate(Base, VmAccess.Write)!;
        var child = parent.Fork();
        Assert.Same(page, child.Translate(Base, VmAccess.Read));
    }

    [Fact]
    public void ReleaseBumpsGenerationAndUnmapsEverything()
    {
        var space = SpaceWith(2);
        long generation = space.Generation;
        space.Release();
        Assert.True(space.Generation > generation);
        Assert.Null(space.Translate(Base, VmAccess.Read));
        Assert.Equal(0, space.MappedBytes);
    }
}
