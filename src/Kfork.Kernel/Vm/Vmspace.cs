namespace Kfork.Vm;

/// <summary>
/// struct vmspace: one address space, reference-counted because RFMEM and vfork share it.
/// Pages live in a radix page table whose nodes are shared copy-on-write between a parent and
/// its children, so <see cref="Fork"/> costs the same for any size. An empty space allocates
/// nothing but this object. Not thread-safe: the kernel serializes access to a space.
/// </summary>
public sealed partial class Vmspace : IUserMemory
{
    /// <summary>vm_refcnt: processes (and vfork borrowers) holding this space.</summary>
    public int RefCount = 1;

    /// <summary>vm_dsize, in pages: the data segment (break) size the fork counters add up.</summary>
    public long DataPages;

    /// <summary>vm_ssize, in pages: the stack size the fork counters add up.</summary>
    public long StackPages;

    private PtNode? _root;

    /// <summary>vm_daddr: where the data segment (and so the break area) starts.</summary>
    private ulong _dataStart;

    /// <summary>
    /// Moves on fork, unmap (MAP_FIXED replacement and break shrink included), every page copied
    /// on write (another thread of an RFMEM space may hold the old page) and release.
    /// </summary>
    public long Generation { get; private set; }

    /// <summary>Pages present in this space's page table (allocated, private or shared).</summary>
    public long ResidentPages { get; private set; }

    /// <summary>Bytes of address space mapped, touched or not.</summary>
    public long MappedBytes => _mappedPages * (long)VmPage.Size;

    /// <summary>Pages this space has copied on write so far.</summary>
    public long CopiedOnWrite { get; private set; }

    /// <summary>Page-table nodes this space has path-copied; tests use it to see what fork cost.</summary>
    internal long NodesCopied { get; private set; }

    private long _mappedPages;

    /// <summary>
    /// The user-visible translation (pmap + vm_fault): a hit on a private, present page costs
    /// three array loads; everything else goes to <see cref="Fault"/>.
    /// </summary>
    public VmPage? Translate(ulong va, VmAccess access)
    {
        var root = _root;
        if (root is null || va >= VmParam.MaxUserAddress) return null;
        var mid = root.Children![Index(va, 2)];
        if (mid is null) return null;
        var leaf = mid.Children![Index(va, 1)];
        if (leaf is null) return null;
        int i = Index(va, 0);
        int need = PtNode.Valid | (1 << (int)access);
        int pte = leaf.Ptes![i];
        if ((pte & need) != need) return null;
        var page = leaf.Pages![i];
        if (page is null) return Fault(va, access);
        if (access != VmAccess.Write || (pte & PtNode.SharedMap) != 0) return page;
        bool sharedPath = root.RefCount > 1 || mid.RefCount > 1 || leaf.RefCount > 1;
        return sharedPath || page.ShareCount > 1 ? Fault(va, access) : page;
    }

    /// <summary>
    /// vm_fault's slow path: make the node chain private, then fill a demand-zero page or copy
    /// a page still shared with another space. Protection was checked by the caller.
    /// </summary>
    private VmPage Fault(ulong va, VmAccess access)
    {
        var leaf = OwnLeaf(va, create: false)!;
        return ResolvePage(leaf, Index(va, 0), access == VmAccess.Write);
    }

    /// <summary>
    /// vmspace_fork: the child shares the root node copy-on-write. The parent's generation moves
    /// because a CPU may hold write translations to pages that are now shared.
    /// </summary>
    public Vmspace Fork()
    {
        if (_root is not null) _root.RefCount++;
        Generation++;
        return new Vmspace
        {
            _root = _root,
            _dataStart = _dataStart,
            _mappedPages = _mappedPages,
            DataPages = DataPages,
            StackPages = StackPages,
            ResidentPages = ResidentPages,
            Generation = Generation,
        };
    }

    /// <summary>
    /// vmspace_free, called by the kernel when <see cref="RefCount"/> reaches zero: drops this
    /// space's hold on its page table, so pages it shared become private to the survivors.
    /// </summary>
    public void Release()
    {
        _root?.Unref();
        _root = null;
        _mappedPages = 0;
        ResidentPages = 0;
        Generation++;
    }

    /// <summary>Whether any page-table node exists (tests of what unmapping gives back).</summary>
    internal bool HasPageTable => _root is not null;

    /// <summary>True when both spaces still use the same root node (tests of fork's cost).</summary>
    internal bool SharesRootWith(Vmspace other) => _root is not null && ReferenceEquals(_root, other._root);
}
