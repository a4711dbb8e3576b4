namespace Kfork.Cli.Export;

/// <summary>
/// Trace timestamps from the kernel's virtual clock, never the host's: a tick is 1/hz second,
/// and events within one tick are spaced 1 µs apart in the order they fired, so a timeline
/// shows order even when the kernel did many things in one tick. Same run, same timestamps.
/// </summary>
public sealed class VirtualClock(int hz)
{
    private readonly long microsPerTick = 1_000_000L / hz;
    private long last = -1;

    /// <summary>The timestamp (µs) of the next event, fired at <paramref name="tick"/>.</summary>
    public long Next(long tick)
    {
        last = Math.Max(last + 1, tick * microsPerTick);
        return last;
    }

    public long Last => Math.Max(last, 0);

    public string Describe => $"virtual: 1 tick = {microsPerTick} us; events within a tick 1 us apart";
}
