using System.Diagnostics;
using Kfork.Sys;
using Kfork.Vm;

namespace Kfork.Kern;

/// <summary>What a successful exec hands the kernel: the new address space and the entry state.</summary>
public sealed record ElfImage(Vmspace Space, ulong Entry, ulong StackPointer);

/// <summary>
/// imgact_elf.c's exec_elf64_imgact for static riscv64 executables, together with the parts of
/// kern_exec.c that build the new address space (exec_new_vmspace, exec_copyout_strings). It
/// builds a fresh <see cref="Vmspace"/> and touches nothing of the caller's, so a failed exec
/// leaves the old image intact.
/// </summary>
public static class ImgactElf
{
    /// <summary>
    /// Loads <paramref name="file"/>: ENOEXEC with a <paramref name="reason"/> naming the bad
    /// field, E2BIG when the arguments exceed ARG_MAX, ENOMEM when a segment exceeds MAXTSIZ or
    /// MAXDSIZ or the stack limit cannot hold the arguments.
    /// <paramref name="stackLimit"/> is RLIMIT_STACK; the stack mapping is capped at MAXSSIZ.
    /// </summary>
    public static Errno Activate(ReadOnlySpan<byte> file, IReadOnlyList<string> argv, IReadOnlyList<string> envp,
        ulong stackLimit, out ElfImage? image, out string? reason)
    {
        image = null;
        reason = null;
        if (ExecStack.Measure(argv, envp, out var stack) != Errno.OK)
        {
            reason = "arguments and environment exceed ARG_MAX";
            return Errno.E2BIG;
        }
        ulong stackSize = VmParam.TruncPage(Math.Min(stackLimit, VmParam.MaxStackSize));
        if (stackSize < stack.Size)
        {
            reason = "RLIMIT_STACK cannot hold the arguments";
            return Errno.ENOMEM;
        }
        ulong stackBottom = VmParam.UserStack - stackSize;
        reason = ElfReader.Parse(file, stackBottom, out ulong entry, out var segments);
        if (reason is not null) return Errno.ENOEXEC;
        var sizes = SegmentSizes.Of(segments);
        reason = sizes.CheckLimits();
        if (reason is not null) return Errno.ENOMEM;

        var space = new Vmspace();
        LoadSections(space, file, segments);
        space.SetDataSegment(sizes.DataStart, (long)(sizes.DataSize / VmParam.PageSize));
        space.MapRange(stackBottom, VmParam.UserStack, Prot.Read | Prot.Write, shared: false);
        space.StackPages = (long)(stackSize / VmParam.PageSize);
        stack.CopyOut(space);
        image = new ElfImage(space, entry, stack.StackPointer);
        return Errno.OK;
    }

    /// <summary>
    /// __elfN(load_sections): each segment's pages take its protection (ORed where two share a
    /// page); the file bytes are copied in and the rest stays zero, which is the bss.
    /// </summary>
    private static void LoadSections(Vmspace space, ReadOnlySpan<byte> file, ElfSegment[] segments)
    {
        foreach (var seg in segments)
            space.MapRange(seg.PageStart, seg.PageEnd, seg.Prot, shared: false);
        foreach (var seg in segments)
        {
            var error = space.Fill(seg.Vaddr, file.Slice((int)seg.Offset, (int)seg.FileSize));
            Debug.KAssert(error == Errno.OK, "segments are mapped before they are filled");
        }
    }

    /// <summary>
    /// The text/data split of __elfN(load_sections): the largest executable segment is the
    /// text, every other one data, and the highest data segment sets vm_daddr and vm_dsize,
    /// so that the break starts where it ends. An image without one starts its break above
    /// its highest page.
    /// </summary>
    private readonly record struct SegmentSizes(ulong TextSize, ulong DataStart, ulong DataSize, ulong TotalSize)
    {
        public static SegmentSizes Of(ElfSegment[] segments)
        {
            ulong textSize = 0, dataStart = segments[^1].PageEnd, dataSize = 0, totalSize = 0;
            foreach (var seg in segments)
            {
                ulong size = seg.PageEnd - seg.PageStart;
                totalSize += size;
                if ((seg.Prot & Prot.Exec) != 0 && size > textSize)
                {
                    textSize = size;
                    continue;
                }
                dataStart = seg.PageStart;
                dataSize = size;
            }
            return new SegmentSizes(textSize, dataStart, dataSize, totalSize);
        }

        /// <summary>
        /// __elfN(enforce_limits) against MAXTSIZ and MAXDSIZ. FreeBSD counts only the last data
        /// segment; the total is capped too, so that many segments cannot map all of user space.
        /// </summary>
        public string? CheckLimits() =>
            TextSize > VmParam.MaxTextSize ? "text segment exceeds MAXTSIZ"
            : DataSize > VmParam.MaxDataSize ? "data segment exceeds MAXDSIZ"
            : TotalSize > VmParam.MaxTextSize + VmParam.MaxDataSize ? "segments exceed MAXTSIZ + MAXDSIZ"
            : null;
    }
}
