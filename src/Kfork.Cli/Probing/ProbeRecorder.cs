using Kfork.Kern;

namespace Kfork.Cli.Probing;

/// <summary>A probe event with its place in the run (1 = the first event after the listener was attached).</summary>
public readonly record struct RecordedEvent(long Seq, ProbeEvent Event);

/// <summary>Listens to every probe of a kernel and keeps the events in order.</summary>
public sealed class ProbeRecorder
{
    private readonly List<RecordedEvent> events = [];

    public IReadOnlyList<RecordedEvent> Events => events;

    public static ProbeRecorder Attach(Kernel k)
    {
        var r = new ProbeRecorder();
        k.Probes.Listen(e => r.events.Add(new RecordedEvent(r.events.Count + 1, e)));
        return r;
    }
}
