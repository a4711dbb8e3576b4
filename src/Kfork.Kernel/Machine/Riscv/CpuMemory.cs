using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kfork.Vm;

namespace Kfork.Machine.Riscv;

/// <summary>
/// Guest memory as the execute loop sees it: TLB lookups, alignment and protection checks,
/// LR/SC reservation upkeep and decode-cache invalidation. Access helpers return a ref to the
/// guest byte, or a null ref after recording the fault in <see cref="faultCause"/>/<see cref="faultValue"/>.
/// </summary>
public sealed partial class Cpu
{
    private const ulong PageMask = VmPage.OffsetMask;

    /// <summary>Reservation granule value meaning "no reservation" (never a multiple of 8).</summary>
    private const ulong NoReservation = ulong.MaxValue;

    private readonly Tlb fetchTlb = new(), readTlb = new(), writeTlb = new();
    private IUserMemory? memory;
    private long generation;

    private TrapCause faultCause;
    private ulong faultValue;

    /// <summary>The LR address, and its 8-byte granule (or <see cref="NoReservation"/>).</summary>
    private ulong reservedAddress, reservedGranule = NoReservation;

    /// <summary>
    /// Set when a write translation was filled: copy-on-write may have put a new page under an
    /// address, possibly the one instructions are being fetched from, so fetch must re-translate.
    /// </summary>
    private bool codeMapChanged;

    /// <summary>
    /// Forget every cached translation. <see cref="Run"/> already does this by itself whenever
    /// it is handed another address space or a changed <see cref="IUserMemory.Generation"/>.
    /// </summary>
    public void FlushTlb()
    {
        fetchTlb.Flush();
        readTlb.Flush();
        writeTlb.Flush();
    }

    /// <summary>Drop cached translations unless they came from this very address space, unchanged.</summary>
    private void Bind(IUserMemory mem)
    {
        long gen = mem.Generation;
        if (ReferenceEquals(mem, memory) && gen == generation)
            return;
        FlushTlb();
        memory = mem;
        generation = gen;
    }

    private ref byte Fault(TrapCause cause, ulong va)
    {
        faultCause = cause;
        faultValue = va;
        return ref Unsafe.NullRef<byte>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref byte At(VmPage page, ulong va) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(page.Data), (nint)(va & PageMask));

    /// <summary>A naturally aligned load of size <paramref name="alignMask"/> + 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref byte LoadRef(ulong va, ulong alignMask)
    {
        if ((va & alignMask) != 0)
            return ref Fault(TrapCause.LoadMisaligned, va);
        VmPage? page = readTlb.Lookup(va) ?? TranslateRead(va);
        return ref page is null ? ref Fault(TrapCause.LoadAccessFault, va) : ref At(page, va);
    }

    /// <summary>
    /// A naturally aligned store (or AMO, which faults as a store) of size
    /// <paramref name="alignMask"/> + 1. Clears an overlapping reservation and forgets decodes of
    /// the instruction words it overwrites, so self-modifying code runs the new instructions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref byte StoreRef(ulong va, ulong alignMask)
    {
        if ((va & alignMask) != 0)
            return ref Fault(TrapCause.StoreMisaligned, va);
        VmPage? page = writeTlb.Lookup(va) ?? TranslateWrite(va);
        if (page is null)
            return ref Fault(TrapCause.StoreAccessFault, va);
        if ((va & ~7UL) == reservedGranule)
            reservedGranule = NoReservation;
        if (page.DecodeCache is not null)
            ForgetDecodes(page, va, alignMask);
        return ref At(page, va);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private VmPage? TranslateRead(ulong va)
    {
        VmPage? page = memory!.Translate(va, VmAccess.Read);
        if (page is not null)
            readTlb.Fill(va, page);
        return page;
    }

    /// <summary>
    /// A write translation may be a fresh copy-on-write page: later reads of that address must
    /// see it too, and so must instruction fetch.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private VmPage? TranslateWrite(ulong va)
    {
        VmPage? page = memory!.Translate(va, VmAccess.Write);
        if (page is null)
            return null;
        writeTlb.Fill(va, page);
        readTlb.Fill(va, page);
        fetchTlb.Invalidate(va);
        codeMapChanged = true;
        return page;
    }

    /// <summary>
    /// Resets the cache slots of the (one or two) instruction words the store touches, rather than
    /// dropping the whole page's cache: code that writes data next to itself keeps its decodes.
    /// </summary>
    private static void ForgetDecodes(VmPage page, ulong va, ulong alignMask)
    {
        if (DecodedPage.Of(page) is not { } ops)
            return;
        ops[(int)((va & PageMask) >> 2)] = default;
        ops[(int)(((va | alignMask) & PageMask) >> 2)] = default;
    }

    /// <summary>The decode cache of the executable page holding <paramref name="pc"/>, or null (fetch fault).</summary>
    private DecodedOp[]? CodeAt(ulong pc, out byte[] bytes)
    {
        VmPage? page = fetchTlb.Lookup(pc);
        if (page is null)
        {
            page = memory!.Translate(pc, VmAccess.Execute);
            if (page is null)
            {
                bytes = [];
                return null;
            }
            fetchTlb.Fill(pc, page);
        }
        bytes = page.Data;
        if (DecodedPage.Of(page) is { } ops)
            return ops;
        var cache = new DecodedPage(page);
        page.DecodeCache = cache;
        return cache.Ops;
    }
}
