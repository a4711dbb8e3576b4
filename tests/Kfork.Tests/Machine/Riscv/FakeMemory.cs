using Kfork.Vm;

namespace Kfork.Tests.Machine.Riscv;

[Flags]
internal enum Prot { None = 0, Read = 1, Write = 2, Exec = 4, RW = Read | Write, RX = Read | Exec, RWX = Read | Write | Exec }

/// <summary>
/// A test address space: a dictionary of pages with per-page protection, an optional
/// copy-on-write flag (the first write translation swaps in a private copy, as vm_fault does)
/// and a generation counter bumped on every mapping change.
/// </summary>
internal sealed class FakeMemory : IUserMemory
{
    private sealed class Mapping(VmPage page, Prot prot, bool copyOnWrite)
    {
        public VmPage Page = page;
        public Prot Prot = prot;
        public bool CopyOnWrite = copyOnWrite;
    }

    private readonly Dictionary<ulong, Mapping> pages = new();

    public long Generation { get; private set; }

    public int Translations { get; private set; }

    private static ulong PageOf(ulong va) => va & ~VmPage.OffsetMask;

    public VmPage Map(ulong va, Prot prot, bool copyOnWrite = false)
    {
        var page = new VmPage();
        pages[PageOf(va)] = new Mapping(page, prot, copyOnWrite);
        Generation++;
        return page;
    }

    public void Unmap(ulong va)
    {
        pages.Remove(PageOf(va));
        Generation++;
    }

    public void Protect(ulong va, Prot prot)
    {
        pages[PageOf(va)].Prot = prot;
        Generation++;
    }

    /// <summary>The page currently mapped at <paramref name="va"/> (after any copy-on-write).</summary>
    public VmPage PageAt(ulong va) => pages[PageOf(va)].Page;

    public VmPage? Translate(ulong va, VmAccess access)
    {
        Translations++;
        if (!pages.TryGetValue(PageOf(va), out Mapping? m))
            return null;
        Prot need = access switch { VmAccess.Read => Prot.Read, VmAccess.Write => Prot.Write, _ => Prot.Exec };
        if ((m.Prot & need) == 0)
            return null;
        if (access == VmAccess.Write && m.CopyOnWrite)
        {
            var copy = new VmPage();
            m.Page.Data.CopyTo(copy.Data, 0);
            m.Page = copy;
            m.CopyOnWrite = false;
        }
        return m.Page;
    }

    /// <summary>Kernel-side write (exec loading): like copyout it drops the page's decodes.</summary>
    public void Write(ulong va, ReadOnlySpan<byte> bytes)
    {
        VmPage page = PageAt(va);
        bytes.CopyTo(page.Data.AsSpan((int)(va & VmPage.OffsetMask)));
        page.DecodeCache = null;
    }

    public void WriteWords(ulong va, params uint[] words) =>
        Write(va, System.Runtime.InteropServices.MemoryMarshal.AsBytes(words.AsSpan()));

    public void Write64(ulong va, ulong value) => Write(va, BitConverter.GetBytes(value));

    public ulong Read64(ulong va) => BitConverter.ToUInt64(PageAt(va).Data, (int)(va & VmPage.OffsetMask));

    public uint Read32(ulong va) => BitConverter.ToUInt32(PageAt(va).Data, (int)(va & VmPage.OffsetMask));
}
