using System.Buffers.Binary;
using Kfork.Vm;

namespace Kfork.Kern;

/// <summary>A PT_LOAD entry as the activator maps it.</summary>
internal readonly record struct ElfSegment(ulong Vaddr, ulong MemSize, ulong Offset, ulong FileSize, Prot Prot)
{
    public ulong End => Vaddr + MemSize;
    public ulong PageStart => VmParam.TruncPage(Vaddr);
    public ulong PageEnd => VmParam.RoundPage(End);
}

/// <summary>
/// The header checks of imgact_elf.c (__elfN(check_header), __elfN(load_sections)) for the one
/// kind of image GUEST_ABI.md admits: static ELF64 little-endian ET_EXEC for EM_RISCV. Every
/// field is read with bounds checked, so any file gives an answer and never an exception.
/// </summary>
internal static class ElfReader
{
    private const int EhdrSize = 64, PhdrSize = 56;
    private const byte ElfClass64 = 2, ElfData2Lsb = 1, EvCurrent = 1;
    private const ushort EtExec = 2, EmRiscv = 243;
    private const uint PtLoad = 1, PtInterp = 3;
    private const uint PfX = 1, PfW = 2, PfR = 4;

    /// <summary>
    /// Validates <paramref name="file"/> and returns its loadable segments sorted by address;
    /// they must fit below <paramref name="userTop"/> (the bottom of the stack).
    /// </summary>
    public static string? Parse(ReadOnlySpan<byte> file, ulong userTop, out ulong entry, out ElfSegment[] segments)
    {
        segments = [];
        var reason = CheckHeader(file, out entry, out ulong phoff, out int phnum);
        reason ??= ReadSegments(file, phoff, phnum, userTop, out segments);
        return reason ?? CheckLayout(segments, entry);
    }

    private static string? CheckHeader(ReadOnlySpan<byte> file, out ulong entry, out ulong phoff, out int phnum)
    {
        entry = phoff = 0;
        phnum = 0;
        if (file.Length < EhdrSize) return "file shorter than an ELF header";
        if (BinaryPrimitives.ReadUInt32BigEndian(file) != 0x7F454C46) return "e_ident: bad magic";
        if (file[4] != ElfClass64) return "EI_CLASS: not ELFCLASS64";
        if (file[5] != ElfData2Lsb) return "EI_DATA: not little-endian";
        if (file[6] != EvCurrent) return "EI_VERSION: not EV_CURRENT";
        if (U16(file, 16) != EtExec) return "e_type: not ET_EXEC";
        if (U16(file, 18) != EmRiscv) return "e_machine: not EM_RISCV";
        if (U32(file, 20) != EvCurrent) return "e_version: not EV_CURRENT";
        entry = U64(file, 24);
        phoff = U64(file, 32);
        if (U16(file, 54) != PhdrSize) return "e_phentsize: not 56";
        phnum = U16(file, 56);
        if (phnum == 0) return "e_phnum: no program headers";
        if (phoff > (ulong)file.Length || (ulong)phnum * PhdrSize > (ulong)file.Length - phoff)
            return "e_phoff: program headers outside the file";
        return null;
    }

    private static string? ReadSegments(ReadOnlySpan<byte> file, ulong phoff, int phnum, ulong userTop, out ElfSegment[] segments)
    {
        var loads = new List<ElfSegment>();
        segments = [];
        for (int i = 0; i < phnum; i++)
        {
            var ph = file.Slice((int)phoff + i * PhdrSize, PhdrSize);
            uint type = U32(ph, 0);
            if (type == PtInterp) return "PT_INTERP: dynamically linked images are not supported";
            if (type != PtLoad) continue;
            var seg = new ElfSegment(U64(ph, 16), U64(ph, 40), U64(ph, 8), U64(ph, 32), ToProt(U32(ph, 4)));
            // As load_sections does, a segment with nothing to map is skipped unread.
            if (seg.MemSize == 0) continue;
            var reason = CheckSegment(seg, (ulong)file.Length, userTop);
            if (reason is not null) return reason;
            loads.Add(seg);
        }
        if (loads.Count == 0) return "no PT_LOAD segment";
        segments = loads.ToArray();
        Array.Sort(segments, static (a, b) => a.Vaddr.CompareTo(b.Vaddr));
        return null;
    }

    private static string? CheckSegment(ElfSegment seg, ulong fileLength, ulong userTop)
    {
        if (seg.FileSize > seg.MemSize) return "p_filesz: larger than p_memsz";
        if (seg.Offset > fileLength || seg.FileSize > fileLength - seg.Offset)
            return "p_offset/p_filesz: segment outside the file";
        if ((seg.Offset & VmParam.PageMask) != (seg.Vaddr & VmParam.PageMask))
            return "p_offset: not congruent to p_vaddr modulo the page size";
        if (seg.MemSize > ulong.MaxValue - seg.Vaddr) return "p_vaddr/p_memsz: address overflow";
        if (seg.Vaddr < VmParam.MinUserAddress || seg.End > userTop)
            return "p_vaddr/p_memsz: segment outside user space below the stack";
        return null;
    }

    private static string? CheckLayout(ElfSegment[] segments, ulong entry)
    {
        bool entryInText = false;
        for (int i = 0; i < segments.Length; i++)
        {
            var seg = segments[i];
            if (i > 0 && seg.Vaddr < segments[i - 1].End) return "PT_LOAD: segments overlap";
            entryInText |= (seg.Prot & Prot.Exec) != 0 && entry >= seg.Vaddr && entry < seg.End;
        }
        return entryInText ? null : "e_entry: not inside an executable segment";
    }

    /// <summary>p_flags to mmap protection: PF_X, PF_W, PF_R are PROT_EXEC, PROT_WRITE, PROT_READ.</summary>
    private static Prot ToProt(uint flags) =>
        ((flags & PfR) != 0 ? Prot.Read : Prot.None) |
        ((flags & PfW) != 0 ? Prot.Write : Prot.None) |
        ((flags & PfX) != 0 ? Prot.Exec : Prot.None);

    private static ushort U16(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);
    private static uint U32(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);
    private static ulong U64(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt64LittleEndian(b[at..]);
}
