using Kfork.Sys;

namespace Kfork.Vm;

/// <summary>Anonymous mmap, munmap and the break (vm_mmap.c, vm_unix.c).</summary>
public sealed partial class Vmspace
{
    private const MapFlags KnownFlags = MapFlags.Shared | MapFlags.Private | MapFlags.Fixed | MapFlags.Anon;

    /// <summary>round_page(vm_daddr): the lowest address the break may go down to.</summary>
    public ulong BreakBase => VmParam.RoundPage(_dataStart);

    /// <summary>The current break: the end of the data segment.</summary>
    public ulong CurrentBreak => BreakBase + (ulong)DataPages * VmParam.PageSize;

    /// <summary>
    /// kern_mmap for MAP_ANON: a zero-filled mapping of <paramref name="length"/> bytes rounded
    /// up to pages. Without MAP_FIXED, <paramref name="addr"/> is a hint, moved above the data
    /// area as FreeBSD does, and the first hole found from there is used. File mappings are
    /// the kernel's business, so a mapping without MAP_ANON is EINVAL here.
    /// </summary>
    public Errno Map(ulong addr, ulong length, Prot prot, MapFlags flags, out ulong mapped)
    {
        mapped = 0;
        var sharing = flags & (MapFlags.Shared | MapFlags.Private);
        if (length == 0 || (prot & ~Prot.All) != 0 || (flags & ~KnownFlags) != 0 ||
            (flags & MapFlags.Anon) == 0 || sharing is 0 or (MapFlags.Shared | MapFlags.Private))
            return Errno.EINVAL;
        ulong size = VmParam.RoundPage(length);
        if (size < length) return Errno.EINVAL;
        bool shared = sharing == MapFlags.Shared;
        if ((flags & MapFlags.Fixed) != 0)
        {
            if ((addr & VmParam.PageMask) != 0 || !InUserRange(addr, size)) return Errno.EINVAL;
            UnmapRange(addr, addr + size);
            mapped = addr;
        }
        else if (!FindSpace(addr, size, out mapped))
        {
            return Errno.ENOMEM;
        }
        MapRange(mapped, mapped + size, prot, shared);
        return Errno.OK;
    }

    /// <summary>
    /// kern_munmap: the start is rounded down to its page and the length up, as FreeBSD does;
    /// EINVAL for an empty or out-of-range request. Unmapping a hole is not an error.
    /// </summary>
    public Errno Unmap(ulong addr, ulong length)
    {
        if (length == 0) return Errno.EINVAL;
        ulong start = VmParam.TruncPage(addr);
        ulong size = VmParam.RoundPage(length + (addr - start));
        if (size < length || !InUserRange(start, size)) return Errno.EINVAL;
        UnmapRange(start, start + size);
        return Errno.OK;
    }

    /// <summary>
    /// kern_break: moves the end of the data segment to round_page(<paramref name="newBreak"/>).
    /// A value at or below the data start other than the start itself (0 included) only reports
    /// the current break, which is how libc learns it. Growth past <paramref name="dataLimit"/>
    /// (RLIMIT_DATA), past user space, into another mapping or, for a space without a data
    /// segment, from page 0 is ENOMEM; shrinking unmaps.
    /// </summary>
    public Errno Break(ulong newBreak, ulong dataLimit, out ulong currentBreak)
    {
        ulong start = BreakBase;
        ulong old = CurrentBreak;
        ulong target = VmParam.RoundPage(newBreak);
        currentBreak = old;
        if (target < start) return Errno.OK;
        if (target > old)
        {
            if (target - start > dataLimit || target > VmParam.MaxUserAddress ||
                old < VmParam.MinUserAddress || FindMapped(old, target, out _))
                return Errno.ENOMEM;
            MapRange(old, target, Prot.Read | Prot.Write, shared: false);
            DataPages += (long)((target - old) / VmParam.PageSize);
        }
        else if (target < old)
        {
            UnmapRange(target, old);
            DataPages -= (long)((old - target) / VmParam.PageSize);
        }
        currentBreak = target;
        return Errno.OK;
    }

    /// <summary>The image activator sets vm_daddr and vm_dsize for the new image.</summary>
    internal void SetDataSegment(ulong start, long pages)
    {
        _dataStart = start;
        DataPages = pages;
    }

    private static bool InUserRange(ulong addr, ulong size) =>
        addr >= VmParam.MinUserAddress && size <= VmParam.MaxUserAddress - addr;

    /// <summary>
    /// vm_map_findspace, first fit upward. As kern_mmap does, a hint inside the area the break
    /// may grow into (up to vm_daddr + MAXDSIZ) is moved above it; the search starts again from
    /// there when nothing fits above the hint.
    /// </summary>
    private bool FindSpace(ulong hint, ulong size, out ulong found)
    {
        ulong floor = VmParam.RoundPage(_dataStart + VmParam.MaxDataSize);
        ulong start = hint < floor ? floor : VmParam.RoundPage(hint);
        return FirstFit(start, size, out found) || (start > floor && FirstFit(floor, size, out found));
    }

    private bool FirstFit(ulong start, ulong size, out ulong found)
    {
        found = start;
        while (InUserRange(found, size))
        {
            if (!FindMapped(found, found + size, out ulong hit)) return true;
            found = hit + VmParam.PageSize;
        }
        return false;
    }
}
