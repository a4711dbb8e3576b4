using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kfork.Vm;

namespace Kfork.Machine.Riscv;

/// <summary>
/// A direct-mapped software TLB: virtual page number → <see cref="VmPage"/>. The CPU keeps one
/// per access kind (fetch, read, write) so a page is only in the write TLB once
/// <see cref="IUserMemory.Translate"/> granted (and copy-on-write resolved) a write to it.
/// </summary>
internal readonly struct Tlb
{
    private const int Bits = 8;
    private const ulong IndexMask = (1 << Bits) - 1;

    /// <summary>No user address has this page number (addresses are 64-bit, pages 4 KiB).</summary>
    private const ulong NoPage = ulong.MaxValue;

    private struct Entry
    {
        public ulong Vpn;
        public VmPage? Page;
    }

    private readonly Entry[] entries;

    public Tlb()
    {
        entries = new Entry[1 << Bits];
        Flush();
    }

    /// <summary>The cached page for <paramref name="va"/>, or null on a miss.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public VmPage? Lookup(ulong va)
    {
        ulong vpn = va >> VmPage.Shift;
        ref Entry e = ref Slot(vpn);
        return e.Vpn == vpn ? e.Page : null;
    }

    public void Fill(ulong va, VmPage page)
    {
        ulong vpn = va >> VmPage.Shift;
        ref Entry e = ref Slot(vpn);
        e.Vpn = vpn;
        e.Page = page;
    }

    public void Invalidate(ulong va)
    {
        ulong vpn = va >> VmPage.Shift;
        ref Entry e = ref Slot(vpn);
        if (e.Vpn == vpn)
            e = new Entry { Vpn = NoPage };
    }

    public void Flush() => entries.AsSpan().Fill(new Entry { Vpn = NoPage });

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Entry Slot(ulong vpn) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(entries), (nint)(vpn & IndexMask));
}
