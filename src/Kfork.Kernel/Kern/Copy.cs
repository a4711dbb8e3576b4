using System.Buffers.Binary;
using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>copyin/copyout on a process's address space: EFAULT for a bad user pointer, never an exception.</summary>
public sealed partial class Kernel
{
    internal static Errno CopyOutInt32(Proc p, ulong uaddr, int value)
    {
        Span<byte> buf = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(buf, value);
        return p.Vmspace.CopyOut(buf, uaddr);
    }
}
