using System.Buffers.Binary;
using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>struct kevent (GUEST_ABI.md, 64 bytes): ident, filter, flags, fflags, data, udata, ext[4].</summary>
public record struct KEvent(ulong Ident, short Filter, ushort Flags, uint FFlags, long Data, ulong Udata)
{
    public const int Size = 64;
    public const short EVFILT_PROC = -5;

    public static KEvent Decode(ReadOnlySpan<byte> b) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(b),
        BinaryPrimitives.ReadInt16LittleEndian(b[8..]),
        BinaryPrimitives.ReadUInt16LittleEndian(b[10..]),
        BinaryPrimitives.ReadUInt32LittleEndian(b[12..]),
        BinaryPrimitives.ReadInt64LittleEndian(b[16..]),
        BinaryPrimitives.ReadUInt64LittleEndian(b[24..]));

    /// <summary>The 64 bytes, ext[] zeroed.</summary>
    public readonly void Encode(Span<byte> b)
    {
        b[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(b, Ident);
        BinaryPrimitives.WriteInt16LittleEndian(b[8..], Filter);
        BinaryPrimitives.WriteUInt16LittleEndian(b[10..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(b[12..], FFlags);
        BinaryPrimitives.WriteInt64LittleEndian(b[16..], Data);
        BinaryPrimitives.WriteUInt64LittleEndian(b[24..], Udata);
    }
}

/// <summary>
/// struct kqueue: its knotes (kq_knlist) and the FIFO of active ones (kq_head). It is the file's
/// ops (read and write are ENXIO, as kqueue_read/kqueue_write) and the queue EVFILT_PROC knotes
/// report to. Sleepers in kevent sleep on the kqueue itself.
/// </summary>
public sealed class Kqueue(Kernel k) : IFileOps, IKnoteQueue, IFileInvariants
{
    public const int KN_ACTIVE = 0x1, KN_QUEUED = 0x2, KN_DISABLED = 0x4;

    private readonly List<Knote> knotes = [];
    private readonly List<Knote> active = [];
    private bool closed;

    public int KnoteCount => knotes.Count;
    public int ActiveCount => active.Count;

    /// <summary>knote_attach: a knote (made by kqueue_register or by NOTE_TRACK) joins this queue.</summary>
    public void Attach(Knote kn) => knotes.Add(kn);

    /// <summary>KNOTE_ACTIVATE: queue it unless it is queued or disabled, and wake kevent sleepers.</summary>
    public void Activate(Knote kn)
    {
        if (closed) return;
        kn.Status |= KN_ACTIVE;
        if ((kn.Status & (KN_QUEUED | KN_DISABLED)) == 0) Enqueue(kn);
        k.Wakeup(this);
    }

    private void Enqueue(Knote kn)
    {
        kn.Status |= KN_QUEUED;
        active.Add(kn);
    }

    private void Dequeue(Knote kn)
    {
        if ((kn.Status & KN_QUEUED) == 0) return;
        kn.Status &= ~KN_QUEUED;
        active.Remove(kn);
    }

    /// <summary>knote_drop: detach from the process and forget it.</summary>
    private void Drop(Knote kn)
    {
        Kernel.KnoteDetach(kn);
        Dequeue(kn);
        knotes.Remove(kn);
    }

    private Knote? Find(ulong ident)
    {
        foreach (var kn in knotes)
            if ((ulong)kn.Ident == ident) return kn;
        return null;
    }

    /// <summary>
    /// kqueue_register for EVFILT_PROC (other filters EINVAL). A missing knote is made by EV_ADD
    /// (ESRCH for no such process; EV_CLEAR is implied, as filt_procattach sets it) or is ENOENT;
    /// EV_ADD on an existing one replaces its notes and udata; then EV_DELETE, EV_DISABLE, EV_ENABLE.
    /// </summary>
    public Errno Register(in KEvent kev)
    {
        if (kev.Filter != KEvent.EVFILT_PROC) return Errno.EINVAL;
        var kn = Find(kev.Ident);
        if (kn == null)
        {
            if ((kev.Flags & Kernel.EV_ADD) == 0) return Errno.ENOENT;
            if (kev.Ident > int.MaxValue) return Errno.ESRCH;
            ushort keep = (ushort)((kev.Flags & ~Kernel.EV_SYSFLAGS) | Kernel.EV_CLEAR);
            var error = k.KnoteAttachProc((int)kev.Ident, kev.FFlags, kev.Udata, keep, this, out kn);
            if (error != Errno.OK) return error;
        }
        else if ((kev.Flags & Kernel.EV_ADD) != 0)
        {
            kn.SfFlags = kev.FFlags;
            kn.Udata = kev.Udata;
        }
        if ((kev.Flags & Kernel.EV_DELETE) != 0)
        {
            Drop(kn!);
            return Errno.OK;
        }
        if ((kev.Flags & Kernel.EV_DISABLE) != 0)
        {
            kn!.Status |= KN_DISABLED;
            Dequeue(kn);
        }
        if ((kev.Flags & Kernel.EV_ENABLE) != 0 && (kn!.Status & KN_DISABLED) != 0)
        {
            kn.Status &= ~KN_DISABLED;
            if ((kn.Status & (KN_ACTIVE | KN_QUEUED)) == KN_ACTIVE) Enqueue(kn);
        }
        return Errno.OK;
    }

    /// <summary>
    /// kqueue_scan's dequeue: the next active knote with something to report, as a kevent.
    /// A knote with no notes is skipped (an exit nobody asked for drops it: EV_DROP); EV_ONESHOT
    /// knotes go once reported; the others are EV_CLEAR (proc knotes always are): notes and data reset.
    /// </summary>
    public bool TryCollect(out KEvent ev)
    {
        ev = default;
        while (active.Count > 0)
        {
            var kn = active[0];
            active.RemoveAt(0);
            kn.Status &= ~(KN_QUEUED | KN_ACTIVE);
            if (kn.FFlags == 0)
            {
                if ((kn.Flags & Kernel.EV_EOF) != 0) Drop(kn);
                continue;
            }
            ev = new KEvent((ulong)kn.Ident, KEvent.EVFILT_PROC, kn.Flags, kn.FFlags, kn.Data, kn.Udata);
            if ((kn.Flags & Kernel.EV_ONESHOT) != 0) Drop(kn);
            else
            {
                kn.FFlags = 0;
                kn.Data = 0;
            }
            return true;
        }
        return false;
    }

    public Errno Read(Kernel k, Lwp td, OpenFile fp, Span<byte> dst, out int done)
    {
        done = 0;
        return Errno.ENXIO;
    }

    public Errno Write(Kernel k, Lwp td, OpenFile fp, ReadOnlySpan<byte> src, out int done)
    {
        done = 0;
        return Errno.ENXIO;
    }

    public object WaitChannel(OpenFile fp, bool forWrite) => this;

    /// <summary>kqueue_close: every knote is detached from its process.</summary>
    public void Close(Kernel k, OpenFile fp)
    {
        closed = true;
        foreach (var kn in knotes) Kernel.KnoteDetach(kn);
        knotes.Clear();
        active.Clear();
        k.Wakeup(this);
    }

    public string? Violation(OpenFile fp)
    {
        foreach (var kn in knotes)
        {
            if (kn.Queue != this) return $"{fp.Name}: knote {kn.Ident} reports elsewhere";
            if (kn.Proc != null && kn.Proc.Klist?.Contains(kn) != true) return $"{fp.Name}: knote {kn.Ident} missing from its process";
            bool queued = (kn.Status & KN_QUEUED) != 0;
            if (queued != active.Contains(kn)) return $"{fp.Name}: knote {kn.Ident} queued flag disagrees";
        }
        return active.Count > knotes.Count ? $"{fp.Name}: more active knotes than knotes" : null;
    }
}
