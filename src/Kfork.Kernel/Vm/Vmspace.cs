namespace Kfork.Vm;

/// <summary>
/// struct vmspace: one address space, reference-counted because RFMEM and vfork share it.
/// </summary>
public sealed class Vmspace : IUserMemory
{
    /// <summary>vm_refcnt: processes (and vfork borrowers) holding this space.</summary>
    public int RefCount = 1;

    /// <summary>vm_dsize, in pages: the data segment (break) size the fork counters add up.</summary>
    public long DataPages;

    /// <summary>vm_ssize, in pages: the stack size the fork counters add up.</summary>
    public long StackPages;

    public long Generation { get; private set; }

    public VmPage? Translate(ulong va, VmAccess access) => null;

    /// <summary>vmspace_fork: a copy-on-write copy for a child process.</summary>
    public Vmspace Fork() => new() { DataPages = DataPages, StackPages = StackPages };

    /// <summary>copyout: EFAULT when the range is not mapped writable.</summary>
    public Kfork.Sys.Errno CopyOut(ReadOnlySpan<byte> src, ulong uaddr) => Kfork.Sys.Errno.EFAULT;

    /// <summary>vmspace_free's teardown, once the last holder is gone.</summary>
    public void Release() { }
}
