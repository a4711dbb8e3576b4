using Kfork.Sys;
using Kfork.Vm;

namespace Kfork.Tests.Vm;

internal static class VmTestSupport
{
    public const ulong Base = 0x10_0000;
    public const ulong Page = VmParam.PageSize;

    /// <summary>A space with a private anonymous mapping of <paramref name="pages"/> at <see cref="Base"/>.</summary>
    public static Vmspace SpaceWith(long pages, Prot prot = Prot.Read | Prot.Write, MapFlags sharing = MapFlags.Private)
    {
        var space = new Vmspace();
        Assert.Equal(Errno.OK, space.Map(Base, (ulong)pages * Page, prot, sharing | MapFlags.Anon | MapFlags.Fixed, out _));
        return space;
    }

    public static void Poke(Vmspace space, ulong va, byte value) =>
        space.Translate(va, VmAccess.Write)!.Data[(int)(va & VmParam.PageMask)] = value;

    public static byte Peek(Vmspace space, ulong va) =>
        space.Translate(va, VmAccess.Read)!.Data[(int)(va & VmParam.PageMask)];
}
