namespace Kfork.Vm;

/// <summary>
/// riscv64 machine/vmparam.h as FreeBSD sets it for Sv39, plus the exec limits the image
/// activator enforces (sys/syslimits.h ARG_MAX).
/// </summary>
public static class VmParam
{
    public const ulong PageSize = VmPage.Size;
    public const ulong PageMask = VmPage.OffsetMask;

    /// <summary>Page 0 stays unmapped (FreeBSD's default security.bsd.map_at_zero=0).</summary>
    public const ulong MinUserAddress = PageSize;

    /// <summary>VM_MAXUSER_ADDRESS for Sv39: user space is [0, 256 GiB).</summary>
    public const ulong MaxUserAddress = 0x40_0000_0000;

    /// <summary>SHAREDPAGE: the top user page, kept free for the signal trampoline.</summary>
    public const ulong SharedPage = MaxUserAddress - PageSize;

    /// <summary>USRSTACK: the stack grows down from just below the shared page.</summary>
    public const ulong UserStack = SharedPage;

    /// <summary>MAXTSIZ: largest text segment an image may have.</summary>
    public const ulong MaxTextSize = 1UL << 30;

    /// <summary>MAXDSIZ: largest data segment; also where mmap starts looking above the break.</summary>
    public const ulong MaxDataSize = 1UL << 30;

    /// <summary>MAXSSIZ: the stack mapping never exceeds this, whatever RLIMIT_STACK says.</summary>
    public const ulong MaxStackSize = 1UL << 30;

    /// <summary>
    /// The default RLIMIT_STACK Kfork's kernel starts processes with (FreeBSD's riscv DFLSSIZ is
    /// 128 MiB; a smaller default keeps a million processes' stack page tables small).
    /// </summary>
    public const ulong DefaultStackSize = 8UL << 20;

    /// <summary>ARG_MAX: bytes of argument and environment strings (and, here, their pointers).</summary>
    public const int ArgMax = 262144;

    /// <summary>round_page; wraps to 0 for the last page of the 64-bit space, as in C.</summary>
    public static ulong RoundPage(ulong addr) => (addr + PageMask) & ~PageMask;

    /// <summary>trunc_page.</summary>
    public static ulong TruncPage(ulong addr) => addr & ~PageMask;
}
