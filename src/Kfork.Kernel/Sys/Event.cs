namespace Kfork.Sys;

/// <summary>sys/event.h: EVFILT_PROC notes and flags (GUEST_ABI.md).</summary>
public static class Note
{
    public const uint NOTE_EXIT = 0x80000000, NOTE_FORK = 0x40000000, NOTE_EXEC = 0x20000000;
    public const uint NOTE_TRACK = 0x1, NOTE_TRACKERR = 0x2, NOTE_CHILD = 0x4;
    public const uint NOTE_PDATAMASK = 0x000fffff, NOTE_PCTRLMASK = 0xf0000000;
}

/// <summary>
/// struct knote for EVFILT_PROC: a watch on one process. The queue it reports to is
/// <see cref="IKnoteQueue"/>; kern_event.c's filt_proc logic lives in Kern/Event.cs.
/// </summary>
public sealed class Knote
{
    /// <summary>kn_id: the watched pid.</summary>
    public required int Ident;
    /// <summary>kn_sfflags: the notes asked for.</summary>
    public required uint SfFlags;
    /// <summary>kn_fflags: the notes that happened and are not yet collected.</summary>
    public uint FFlags;
    /// <summary>kn_data.</summary>
    public long Data;
    /// <summary>kn_flags: EV_ONESHOT, EV_CLEAR, EV_EOF...</summary>
    public ushort Flags;
    public ulong Udata;
    public required IKnoteQueue Queue;
    /// <summary>kn_status: KN_ACTIVE, KN_QUEUED, KN_DISABLED; owned by the kqueue (Kern/KernEvent.cs).</summary>
    public int Status;
    /// <summary>The process this knote is attached to (null once it was detached at exit).</summary>
    public Proc? Proc;
}

/// <summary>Where an activated knote goes (a kqueue).</summary>
public interface IKnoteQueue
{
    /// <summary>KNOTE_ACTIVATE: the knote has something to report.</summary>
    void Activate(Knote kn);
    /// <summary>A knote made by the kernel (NOTE_CHILD) joins this queue.</summary>
    void Attach(Knote kn);
}
