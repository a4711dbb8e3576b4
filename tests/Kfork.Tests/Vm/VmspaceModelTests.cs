using Kfork.Sys;
using Kfork.Vm;

namespace Kfork.Tests.Vm;

/// <summary>
/// Random sequences of fork, store, map, unmap and release checked against a plain model:
/// each space is a dictionary of page to contents. The pages straddle a 1 GiB boundary so that
/// both directory levels get shared and path-copied.
/// </summary>
public class VmspaceModelTests
{
    private const ulong Base = (1UL << 30) - (1UL << 20);
    private const int Pages = 1200;
    private const ulong Page = VmParam.PageSize;

    private sealed record Process(Vmspace Space, Dictionary<int, byte> Model);

    public static TheoryData<int> Seeds() => new(Enumerable.Range(1, 12));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomForksAndStoresMatchAPrivateCopyModel(int seed)
    {
        var random = new Random(seed);
        var live = new List<Process> { NewProcess() };
        for (int step = 0; step < 4000; step++)
        {
            var p = live[random.Next(live.Count)];
            switch (random.Next(10))
            {
                case 0 when live.Count < 8:
                    live.Add(new Process(p.Space.Fork(), new Dictionary<int, byte>(p.Model)));
                    break;
                case 1 when live.Count > 1:
                    p.Space.Release();
                    live.Remove(p);
                    break;
                case 2:
                    Unmap(p, random.Next(Pages), random.Next(1, 40));
                    break;
                case 3:
                    Remap(p, random.Next(Pages), random.Next(1, 40));
                    break;
                default:
                    Store(p, random.Next(Pages), (byte)random.Next(1, 256));
                    break;
            }
            Check(live[random.Next(live.Count)], random);
        }
        while (live.Count > 1)
        {
            live[^1].Space.Release();
            live.RemoveAt(live.Count - 1);
        }
        AssertAllPrivate(live[0]);
    }

    private static Process NewProcess()
    {
        var space = new Vmspace();
        space.Map(Base, Pages * Page, Prot.Read | Prot.Write, MapFlags.Anon | MapFlags.Private | MapFlags.Fixed, out _);
        var model = new Dictionary<int, byte>();
        for (int i = 0; i < Pages; i++) model[i] = 0;
        return new Process(space, model);
    }

    private static void Store(Process p, int page, byte value)
    {
        bool mapped = p.Model.ContainsKey(page);
        Assert.Equal(mapped ? Errno.OK : Errno.EFAULT, p.Space.CopyOut([value], Base + (ulong)page * Page + 7));
        if (mapped) p.Model[page] = value;
    }

    private static void Unmap(Process p, int first, int count)
    {
        Assert.Equal(Errno.OK, p.Space.Unmap(Base + (ulong)first * Page, (ulong)count * Page));
        for (int i = first; i < first + count; i++) p.Model.Remove(i);
    }

    private static void Remap(Process p, int first, int count)
    {
        count = Math.Min(count, Pages - first);
        Assert.Equal(Errno.OK, p.Space.Map(Base + (ulong)first * Page, (ulong)count * Page, Prot.Read | Prot.Write,
            MapFlags.Anon | MapFlags.Private | MapFlags.Fixed, out _));
        for (int i = first; i < first + count; i++) p.Model[i] = 0;
    }

    private static void Check(Process p, Random random)
    {
        Span<byte> b = stackalloc byte[1];
        for (int n = 0; n < 20; n++)
        {
            int page = random.Next(Pages);
            var error = p.Space.CopyIn(Base + (ulong)page * Page + 7, b);
            if (p.Model.TryGetValue(page, out byte expected))
                Assert.Equal((Errno.OK, expected), (error, b[0]));
            else
                Assert.Equal(Errno.EFAULT, error);
        }
        Assert.Equal(p.Model.Count * (long)Page, p.Space.MappedBytes);
    }

    private static void AssertAllPrivate(Process p)
    {
        long copies = p.Space.CopiedOnWrite, nodes = p.Space.NodesCopied;
        foreach (var (page, value) in p.Model)
        {
            var va = Base + (ulong)page * Page;
            var read = p.Space.Translate(va, VmAccess.Read)!;
            Assert.Equal(1, read.ShareCount);
            Assert.Same(read, p.Space.Translate(va, VmAccess.Write));
            Assert.Equal(value, read.Data[7]);
        }
        Assert.Equal((copies, nodes), (p.Space.CopiedOnWrite, p.Space.NodesCopied));
    }
}
