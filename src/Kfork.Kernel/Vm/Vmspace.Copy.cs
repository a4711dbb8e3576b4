using System.Buffers.Binary;
using System.Text;
using Kfork.Sys;

namespace Kfork.Vm;

/// <summary>
/// copyin(9), copyout(9), copyinstr(9): kernel accesses to user memory. They go through
/// <see cref="Translate"/> with the user's protections, so a bad pointer is EFAULT, never a
/// host exception, and copyout resolves copy-on-write like a user store would.
/// </summary>
public sealed partial class Vmspace
{
    public Errno CopyIn(ulong uaddr, Span<byte> dst)
    {
        while (!dst.IsEmpty)
        {
            var page = Translate(uaddr, VmAccess.Read);
            if (page is null) return Errno.EFAULT;
            int offset = (int)(uaddr & VmParam.PageMask);
            int n = Math.Min(dst.Length, VmPage.Size - offset);
            page.Data.AsSpan(offset, n).CopyTo(dst);
            dst = dst[n..];
            uaddr += (ulong)n;
        }
        return Errno.OK;
    }

    public Errno CopyOut(ReadOnlySpan<byte> src, ulong uaddr)
    {
        while (!src.IsEmpty)
        {
            var page = Translate(uaddr, VmAccess.Write);
            if (page is null) return Errno.EFAULT;
            uaddr += (ulong)Store(page, uaddr, ref src);
        }
        return Errno.OK;
    }

    /// <summary>
    /// copyinstr: a NUL-terminated string of at most <paramref name="maxLength"/> bytes counting
    /// the NUL, decoded as UTF-8. ENAMETOOLONG when no NUL comes within that many bytes, EFAULT
    /// when a bad page comes first.
    /// </summary>
    public Errno CopyInStr(ulong uaddr, int maxLength, out string value)
    {
        value = string.Empty;
        var error = StringLength(uaddr, maxLength, out int length);
        if (error != Errno.OK) return error;
        var bytes = new byte[length];
        error = CopyIn(uaddr, bytes);
        if (error == Errno.OK) value = Encoding.UTF8.GetString(bytes);
        return error;
    }

    public Errno ReadU64(ulong uaddr, out ulong value)
    {
        Span<byte> buffer = stackalloc byte[sizeof(ulong)];
        var error = CopyIn(uaddr, buffer);
        value = error == Errno.OK ? BinaryPrimitives.ReadUInt64LittleEndian(buffer) : 0;
        return error;
    }

    public Errno WriteU64(ulong uaddr, ulong value)
    {
        Span<byte> buffer = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, value);
        return CopyOut(buffer, uaddr);
    }

    /// <summary>
    /// Stores into mapped pages whatever their protection, resolving copy-on-write: how exec
    /// fills a read-only text segment, or the kernel the shared page. EFAULT where unmapped.
    /// </summary>
    internal Errno Fill(ulong uaddr, ReadOnlySpan<byte> src)
    {
        while (!src.IsEmpty)
        {
            if (uaddr >= VmParam.MaxUserAddress) return Errno.EFAULT;
            var leaf = PeekLeaf(uaddr, out _);
            int i = Index(uaddr, 0);
            if (leaf is null || (leaf.Ptes![i] & PtNode.Valid) == 0) return Errno.EFAULT;
            var page = ResolvePage(OwnLeaf(uaddr, create: false)!, i, write: true);
            uaddr += (ulong)Store(page, uaddr, ref src);
        }
        return Errno.OK;
    }

    /// <summary>Copies the part of <paramref name="src"/> that fits in the page; the decoded
    /// instructions of a written page are stale, so they go.</summary>
    private static int Store(VmPage page, ulong uaddr, ref ReadOnlySpan<byte> src)
    {
        int offset = (int)(uaddr & VmParam.PageMask);
        int n = Math.Min(src.Length, VmPage.Size - offset);
        src[..n].CopyTo(page.Data.AsSpan(offset));
        page.DecodeCache = null;
        src = src[n..];
        return n;
    }

    private Errno StringLength(ulong uaddr, int maxLength, out int length)
    {
        length = 0;
        while (length < maxLength)
        {
            var page = Translate(uaddr, VmAccess.Read);
            if (page is null) return Errno.EFAULT;
            int offset = (int)(uaddr & VmParam.PageMask);
            int n = Math.Min(maxLength - length, VmPage.Size - offset);
            int nul = page.Data.AsSpan(offset, n).IndexOf((byte)0);
            if (nul >= 0)
            {
                length += nul;
                return Errno.OK;
            }
            length += n;
            uaddr += (ulong)n;
        }
        return Errno.ENAMETOOLONG;
    }
}
