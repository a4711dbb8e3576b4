namespace Kfork.Vm;

/// <summary>
/// One node of the Sv39-shaped radix page table (3 levels of 512 entries). Nodes are shared
/// between address spaces after <see cref="Vmspace.Fork"/> and counted, so vmspace_fork only
/// shares the root; whoever writes through a shared node path-copies it first.
/// A directory holds children; a leaf holds pages and their PTE bits.
/// </summary>
internal sealed class PtNode
{
    public const int Bits = 9;
    public const int Entries = 1 << Bits;

    /// <summary>Leaf PTE bits beside the low three, which are the page's <see cref="Prot"/>.</summary>
    public const byte Valid = 0x8, SharedMap = 0x10;

    /// <summary>Address spaces (or parent directories) pointing at this node.</summary>
    public int RefCount = 1;

    public readonly PtNode?[]? Children;
    public readonly VmPage?[]? Pages;
    public readonly byte[]? Ptes;

    private PtNode(PtNode?[]? children, VmPage?[]? pages, byte[]? ptes)
    {
        Children = children;
        Pages = pages;
        Ptes = ptes;
    }

    public static PtNode NewDirectory() => new(new PtNode?[Entries], null, null);

    public static PtNode NewLeaf() => new(null, new VmPage?[Entries], new byte[Entries]);

    /// <summary>
    /// A private copy for a writer. Everything below stays shared, so each child node (or
    /// page, for a leaf) gains one reference; this node loses the writer's reference.
    /// </summary>
    public PtNode CopyForWrite()
    {
        PtNode copy;
        if (Children is not null)
        {
            copy = new PtNode((PtNode?[])Children.Clone(), null, null);
            foreach (var child in Children)
                if (child is not null) child.RefCount++;
        }
        else
        {
            copy = new PtNode(null, (VmPage?[])Pages!.Clone(), (byte[])Ptes!.Clone());
            foreach (var page in Pages)
                if (page is not null) page.ShareCount++;
        }
        RefCount--;
        return copy;
    }

    /// <summary>
    /// Drops one reference; the last one releases what the node points at, which is how the
    /// pages of a surviving sharer become private again (vmspace_free, vm_object_deallocate).
    /// </summary>
    public void Unref()
    {
        if (--RefCount > 0) return;
        if (Children is not null)
        {
            foreach (var child in Children) child?.Unref();
            return;
        }
        foreach (var page in Pages!)
            if (page is not null) page.ShareCount--;
    }
}
