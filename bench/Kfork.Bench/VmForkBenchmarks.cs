using BenchmarkDotNet.Attributes;
using Kfork.Vm;

namespace Kfork.Bench;

/// <summary>
/// vmspace_fork's cost against the size of the parent: fork, one copy-on-write store in the
/// child, then vmspace_free of the child. With page-table nodes shared, 1 GiB of touched
/// memory should cost about what 1 MiB does.
/// </summary>
[MemoryDiagnoser]
public class VmForkBenchmarks
{
    private const ulong Base = 0x10_0000;

    [Params(1, 1024)]
    public int TouchedMiB;

    private Vmspace _parent = null!;

    [GlobalSetup]
    public void Setup()
    {
        _parent = new Vmspace();
        ulong bytes = (ulong)TouchedMiB << 20;
        _parent.Map(Base, bytes, Prot.Read | Prot.Write, MapFlags.Anon | MapFlags.Private | MapFlags.Fixed, out _);
        for (ulong va = Base; va < Base + bytes; va += VmParam.PageSize)
            _parent.Translate(va, VmAccess.Write)!.Data[0] = 1;
    }

    [Benchmark]
    public byte ForkTouchRelease()
    {
        var child = _parent.Fork();
        var page = child.Translate(Base, VmAccess.Write)!;
        page.Data[0]++;
        child.Release();
        return page.Data[0];
    }
}
