namespace Kfork.Vm;

/// <summary>How a user access touches memory; the kernel's copyin/copyout use the same kinds.</summary>
public enum VmAccess { Read, Write, Execute }

/// <summary>
/// One 4 KiB page of guest memory (vm_page). Shared copy-on-write after fork while
/// <see cref="ShareCount"/> is above one.
/// </summary>
public sealed class VmPage
{
    public const int Size = 4096;
    public const int Shift = 12;
    public const ulong OffsetMask = Size - 1;

    public readonly byte[] Data = new byte[Size];

    /// <summary>How many page-table entries map this page (copy-on-write while &gt; 1).</summary>
    public int ShareCount = 1;

    /// <summary>
    /// Machine-dependent cache of decoded instructions for this page; the machine layer owns it
    /// and drops it when the page is written. Vm/ never looks inside.
    /// </summary>
    public object? DecodeCache;
}

/// <summary>
/// What the machine layer sees of an address space: translation of user virtual addresses
/// to pages, with copy-on-write resolved on the way for writes.
/// </summary>
public interface IUserMemory
{
    /// <summary>
    /// The page holding <paramref name="va"/> for the given access, after resolving a
    /// copy-on-write fault for a write; null when the address is unmapped or the protection
    /// forbids the access (the caller raises SIGSEGV or returns EFAULT).
    /// </summary>
    VmPage? Translate(ulong va, VmAccess access);

    /// <summary>
    /// Bumped whenever a translation handed out earlier may no longer hold (fork made the
    /// pages copy-on-write, unmap, protection change, exec). Caches of translations compare it.
    /// </summary>
    long Generation { get; }
}
