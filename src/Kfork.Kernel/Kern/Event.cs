using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>
/// kern_event.c's EVFILT_PROC filter (filt_procattach, filt_proc): knotes on a process collect
/// NOTE_FORK, NOTE_EXEC and NOTE_EXIT; with NOTE_TRACK a fork attaches a new knote to the child
/// that reports NOTE_CHILD with the parent's pid, or NOTE_TRACKERR when that fails.
/// </summary>
public sealed partial class Kernel
{
    public const ushort EV_ADD = 0x1, EV_ONESHOT = 0x10, EV_CLEAR = 0x20, EV_ERROR = 0x4000, EV_EOF = 0x8000;

    /// <summary>filt_procattach: watch process <paramref name="pid"/>; ESRCH if it does not exist.</summary>
    public Errno KnoteAttachProc(int pid, uint fflags, ulong udata, ushort flags, IKnoteQueue queue, out Knote? kn)
    {
        kn = null;
        var p = Pfind(pid);
        if (p == null) return Errno.ESRCH;
        kn = new Knote { Ident = pid, SfFlags = fflags, Udata = udata, Flags = flags, Queue = queue, Proc = p };
        (p.Klist ??= []).Add(kn);
        queue.Attach(kn);
        return Errno.OK;
    }

    /// <summary>knote_remove for EVFILT_PROC.</summary>
    public static void KnoteDetach(Knote kn)
    {
        kn.Proc?.Klist?.Remove(kn);
        kn.Proc = null;
    }

    /// <summary>KNOTE(&amp;p1->p_klist, NOTE_FORK | pid), with NOTE_TRACK's child knotes.</summary>
    private void KnoteFork(Proc p1, int childPid)
    {
        if (p1.Klist == null) return;
        foreach (var kn in p1.Klist.ToArray())
        {
            if ((kn.SfFlags & Note.NOTE_FORK) != 0) Activate(kn, Note.NOTE_FORK);
            if ((kn.SfFlags & Note.NOTE_TRACK) != 0) TrackChild(kn, childPid);
        }
    }

    /// <summary>NOTE_TRACK: register a knote on the child with the same notes; it fires NOTE_CHILD at once.</summary>
    private void TrackChild(Knote parentKn, int childPid)
    {
        var error = KnoteAttachProc(childPid, parentKn.SfFlags, parentKn.Udata, parentKn.Flags, parentKn.Queue, out var child);
        if (error != Errno.OK || child == null)
        {
            Activate(parentKn, Note.NOTE_TRACKERR);
            return;
        }
        child.Data = parentKn.Ident;
        Activate(child, Note.NOTE_CHILD);
    }

    /// <summary>KNOTE NOTE_EXEC.</summary>
    internal void KnoteExec(Proc p)
    {
        if (p.Klist == null) return;
        foreach (var kn in p.Klist.ToArray())
            if ((kn.SfFlags & Note.NOTE_EXEC) != 0) Activate(kn, Note.NOTE_EXEC);
    }

    /// <summary>NOTE_EXIT: data is the wait status; the knote is detached with EV_EOF|EV_ONESHOT.</summary>
    private void KnoteExit(Proc p, int xstat)
    {
        if (p.Klist == null) return;
        foreach (var kn in p.Klist.ToArray())
        {
            kn.Flags |= EV_EOF | EV_ONESHOT;
            kn.Data = xstat;
            kn.Proc = null;
            Activate(kn, (kn.SfFlags & Note.NOTE_EXIT) != 0 ? Note.NOTE_EXIT : 0);
        }
        p.Klist = null;
    }

    private static void Activate(Knote kn, uint note)
    {
        kn.FFlags |= note;
        kn.Queue.Activate(kn);
    }
}
