namespace Kfork.Kern;

/// <summary>
/// A table indexed by id (pid or process-group id), grown on demand up to PID_MAX: O(1) lookup
/// with no hashing and no allocation per entry, which the million-process workloads need.
/// </summary>
internal sealed class IdTable<T> where T : class
{
    private T?[] slots = new T?[1024];
    private readonly int limit;

    public IdTable(int maxId) => limit = maxId + 1;

    public T? Get(int id) => (uint)id < (uint)slots.Length ? slots[id] : null;

    public void Set(int id, T? value)
    {
        if (id >= slots.Length)
        {
            if (value == null) return;
            Array.Resize(ref slots, Math.Min(limit, Math.Max(slots.Length * 2, id + 1)));
        }
        slots[id] = value;
    }
}

/// <summary>The pid hash (PIDHASH): live processes by pid. Zombies leave it at exit, as in FreeBSD's exit1.</summary>
internal sealed class PidTable(int pidMax)
{
    private readonly IdTable<Sys.Proc> table = new(pidMax);
    public Sys.Proc? Get(int pid) => table.Get(pid);
    public void Set(int pid, Sys.Proc? p) => table.Set(pid, p);
}
