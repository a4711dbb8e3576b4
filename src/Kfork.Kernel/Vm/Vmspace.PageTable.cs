namespace Kfork.Vm;

/// <summary>Walking and path-copying the radix page table (the pmap side of a vmspace).</summary>
public sealed partial class Vmspace
{
    /// <summary>Bytes one leaf maps (2 MiB) and one second-level directory maps (1 GiB).</summary>
    private const ulong LeafSpan = VmParam.PageSize << PtNode.Bits;
    private const ulong DirectorySpan = LeafSpan << PtNode.Bits;

    private static int Index(ulong va, int level) =>
        (int)(va >> (VmPage.Shift + PtNode.Bits * level)) & (PtNode.Entries - 1);

    private static ulong NextBoundary(ulong va, ulong span) => (va & ~(span - 1)) + span;

    /// <summary>
    /// The leaf covering <paramref name="va"/> without changing anything, or null; either way
    /// <paramref name="next"/> is the first address past what the leaf (or the hole) covers.
    /// </summary>
    private PtNode? PeekLeaf(ulong va, out ulong next)
    {
        next = ulong.MaxValue;
        if (_root is null) return null;
        next = NextBoundary(va, DirectorySpan);
        var mid = _root.Children![Index(va, 2)];
        if (mid is null) return null;
        next = NextBoundary(va, LeafSpan);
        return mid.Children![Index(va, 1)];
    }

    /// <summary>
    /// The leaf covering <paramref name="va"/>, with every node on the way private to this
    /// space (path copy); missing nodes are created when <paramref name="create"/>.
    /// </summary>
    private PtNode? OwnLeaf(ulong va, bool create)
    {
        var root = Own(ref _root, create, leaf: false);
        if (root is null) return null;
        var mid = Own(ref root.Children![Index(va, 2)], create, leaf: false);
        if (mid is null) return null;
        return Own(ref mid.Children![Index(va, 1)], create, leaf: true);
    }

    private PtNode? Own(ref PtNode? slot, bool create, bool leaf)
    {
        var node = slot;
        if (node is null)
        {
            if (!create) return null;
            node = leaf ? PtNode.NewLeaf() : PtNode.NewDirectory();
        }
        else if (node.RefCount == 1)
        {
            return node;
        }
        else
        {
            node = node.CopyForWrite();
            NodesCopied++;
        }
        slot = node;
        return node;
    }

    /// <summary>
    /// The page in a private leaf's slot, filled on demand with zeros, and copied first when a
    /// writer finds it shared with another leaf (vm_fault's copy-on-write) unless MAP_SHARED.
    /// </summary>
    private VmPage ResolvePage(PtNode leaf, int i, bool write)
    {
        var page = leaf.Pages![i];
        if (page is null)
        {
            page = new VmPage();
            leaf.Pages[i] = page;
            ResidentPages++;
            return page;
        }
        if (!write || page.ShareCount == 1 || (leaf.Ptes![i] & PtNode.SharedMap) != 0) return page;
        var copy = new VmPage();
        page.Data.CopyTo(copy.Data);
        page.ShareCount--;
        leaf.Pages[i] = copy;
        CopiedOnWrite++;
        // Translations handed out for reading still name the old page.
        Generation++;
        return copy;
    }

    /// <summary>The lowest mapped page in [start, end), skipping empty subtrees.</summary>
    private bool FindMapped(ulong start, ulong end, out ulong hit)
    {
        for (ulong va = start; va < end;)
        {
            var leaf = PeekLeaf(va, out ulong next);
            next = Math.Min(next, end);
            if (leaf is not null && FirstValid(leaf, va, next, out hit)) return true;
            va = next;
        }
        hit = 0;
        return false;
    }

    private static bool FirstValid(PtNode leaf, ulong start, ulong end, out ulong hit)
    {
        for (ulong va = start; va < end; va += VmParam.PageSize)
        {
            if ((leaf.Ptes![Index(va, 0)] & PtNode.Valid) == 0) continue;
            hit = va;
            return true;
        }
        hit = 0;
        return false;
    }

    /// <summary>
    /// Enters [start, end) with <paramref name="prot"/> added to whatever protection a page
    /// already has (two ELF segments may share a page). MAP_SHARED pages are allocated now so
    /// that a later fork shares the page itself rather than a promise of zeros.
    /// </summary>
    internal void MapRange(ulong start, ulong end, Prot prot, bool shared)
    {
        byte bits = (byte)(PtNode.Valid | (int)prot | (shared ? PtNode.SharedMap : 0));
        for (ulong va = start; va < end;)
        {
            var leaf = OwnLeaf(va, create: true)!;
            ulong next = Math.Min(NextBoundary(va, LeafSpan), end);
            for (; va < next; va += VmParam.PageSize)
            {
                int i = Index(va, 0);
                if ((leaf.Ptes![i] & PtNode.Valid) == 0) _mappedPages++;
                leaf.Ptes[i] |= bits;
                if (shared) ResolvePage(leaf, i, write: false);
            }
        }
    }

    /// <summary>vm_map_delete: removes [start, end), touching only leaves that map something.</summary>
    private void UnmapRange(ulong start, ulong end)
    {
        for (ulong va = start; va < end;)
        {
            var leaf = PeekLeaf(va, out ulong next);
            next = Math.Min(next, end);
            if (leaf is not null && FirstValid(leaf, va, next, out _))
            {
                ClearLeaf(OwnLeaf(va, create: false)!, va, next);
                PruneEmpty(va);
            }
            va = next;
        }
        Generation++;
    }

    /// <summary>
    /// After an unmap through the (now private) chain covering <paramref name="va"/>: a leaf
    /// that maps nothing is dropped, then a directory left empty, so unmapping everything gives
    /// back the page-table memory and an idle process is small again. Empty nodes hold no
    /// pages or children, so there is nothing to release.
    /// </summary>
    private void PruneEmpty(ulong va)
    {
        var root = _root!;
        var mid = root.Children![Index(va, 2)]!;
        ulong leafStart = va & ~(LeafSpan - 1);
        if (FirstValid(mid.Children![Index(va, 1)]!, leafStart, leafStart + LeafSpan, out _)) return;
        mid.Children[Index(va, 1)] = null;
        if (!AllEmpty(mid.Children)) return;
        root.Children[Index(va, 2)] = null;
        if (AllEmpty(root.Children)) _root = null;
    }

    private static bool AllEmpty(PtNode?[] children)
    {
        foreach (var child in children)
            if (child is not null) return false;
        return true;
    }

    private void ClearLeaf(PtNode leaf, ulong start, ulong end)
    {
        for (ulong va = start; va < end; va += VmParam.PageSize)
        {
            int i = Index(va, 0);
            if ((leaf.Ptes![i] & PtNode.Valid) == 0) continue;
            leaf.Ptes[i] = 0;
            _mappedPages--;
            var page = leaf.Pages![i];
            if (page is null) continue;
            page.ShareCount--;
            leaf.Pages[i] = null;
            ResidentPages--;
        }
    }
}
