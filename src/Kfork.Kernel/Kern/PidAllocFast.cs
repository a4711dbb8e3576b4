using System.Numerics;
using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>
/// The fast allocator: the same pids as <see cref="ScanPidAllocator"/>, found without scanning
/// the process lists.
///
/// The seed's scan returns the lowest id at or above the (wrapped) candidate that no live or
/// zombie process uses as pid, pgid or sid (002_…:332-365), and when it runs off PID_MAX it
/// restarts from 100 (002_…:326-329). Its pidchecked cache only skips scans whose outcome is
/// already known, so it never changes the answer (docs/pid-allocation.md has the argument; the
/// differential tests check it). Here each id has a use count fed by the kernel's
/// Reference/Release calls, and a <see cref="FreeIdSet"/> of the ids whose count is zero answers
/// "lowest free id ≥ x" in a few word operations.
///
/// Counts are kept in three tiers so the common case touches only bitmaps: count 0 is a bit in
/// <see cref="free"/>; count 1 (the pid of a process that leads no group or session: most ids)
/// is "neither free nor shared"; only ids with 2 or more uses (group and session leaders' ids)
/// have a bit in <see cref="shared"/> and their count in <see cref="uses"/>. Allocating a pid and
/// later releasing it therefore reads and writes two bitmaps of PID_MAX/8 bytes each, which stay
/// in the L1 cache, and never the 4-byte counts, however dense the table is.
///
/// Memory: 4 bytes per id for the counts plus ~1/4 byte per id for the two bitmaps (≈4.3 MB at
/// DragonFly's PID_MAX 999999).
/// </summary>
public sealed class BitmapPidAllocator : IPidAllocator
{
    private readonly int pidMax;
    /// <summary>The ids below PID_MAX with no use as a pid, pgid or sid (002_…:344-346).</summary>
    private readonly FreeIdSet free;
    /// <summary>Bit set: the id has 2 or more uses, counted in <see cref="uses"/>.</summary>
    private readonly ulong[] shared;
    /// <summary>The use count of each shared id; 0 for the others.</summary>
    private readonly int[] uses;
    private int lastpid;
    private long totalUses;

    /// <summary>The smallest PID_MAX for which the seed's wrap stays below PID_MAX.</summary>
    public const int MinPidMax = 2 * PidRules.WrapFloor;

    public BitmapPidAllocator(int pidMax)
    {
        // Below 200 the seed's own wrap (002_…:326-329) can yield ids ≥ PID_MAX: with randompid
        // clamped up to 100 (002_…:188-189), lastpid + 1 + offset - PID_MAX may be < 100 and
        // +100 lands past PID_MAX. Every real PID_MAX is far above.
        Debug.KAssert(pidMax >= MinPidMax, "BitmapPidAllocator: PID_MAX >= 200");
        this.pidMax = pidMax;
        free = new FreeIdSet(pidMax);
        shared = new ulong[(pidMax + 63) >> 6];
        uses = new int[pidMax];
    }

    public int LastPid => lastpid;

    /// <summary>Nothing but lastpid moves here: there is no pidchecked to remember.</summary>
    public PidCursor Save() => new(lastpid, 0);
    public void Restore(PidCursor cursor) => lastpid = cursor.LastPid;

    /// <summary>
    /// 002_…:311-373: the lowest free id from the wrapped candidate; failing that, from 100
    /// (where the scan lands after running into PID_MAX); failing that, EAGAIN where the seed
    /// would loop forever (the same DIVERGENCE as <see cref="ScanPidAllocator"/>).
    /// RFHIGHPID leaves lastpid alone (002_…:370-373).
    /// </summary>
    public Errno Allocate(bool highPid, int randomOffset, out int pid)
    {
        int trypid = PidRules.FirstCandidate(lastpid, highPid, randomOffset);
        if (trypid >= pidMax) trypid = PidRules.Wrap(trypid, pidMax);
        pid = free.NextAtOrAbove(trypid);
        if (pid < 0) pid = free.NextAtOrAbove(PidRules.Wrap(pidMax, pidMax));
        if (pid < 0)
        {
            pid = 0;
            return Errno.EAGAIN;
        }
        if (!highPid) lastpid = pid;
        return Errno.OK;
    }

    public void Reference(int id, int count)
    {
        Debug.KAssert(count > 0, "pid reference: count > 0");
        totalUses += count;
        if (free.Contains(id))
        {
            free.Remove(id);
            if (count > 1) Share(id, count);
        }
        else if (!IsShared(id)) Share(id, 1 + count);
        else uses[id] += count;
    }

    public void Release(int id, int count)
    {
        Debug.KAssert(count > 0 && !free.Contains(id), "pid release: the id is not in use");
        totalUses -= count;
        if (!IsShared(id))
        {
            Debug.KAssert(count == 1, "pid release: more releases than references");
            free.Add(id);
            return;
        }
        int after = uses[id] - count;
        Debug.KAssert(after >= 0, "pid release: more releases than references");
        if (after >= 2) { uses[id] = after; return; }
        uses[id] = 0;
        shared[id >> 6] &= ~(1UL << id);
        if (after == 0) free.Add(id);
    }

    private bool IsShared(int id) => (shared[id >> 6] & (1UL << id)) != 0;

    private void Share(int id, int count)
    {
        shared[id >> 6] |= 1UL << id;
        uses[id] = count;
    }

    /// <summary>The use count of an id (the invariant checker compares it with the process lists).</summary>
    public int UseCount(int id) =>
        (uint)id >= (uint)pidMax || free.Contains(id) ? 0 : IsShared(id) ? uses[id] : 1;

    /// <summary>The sum of all use counts: three per live or zombie process.</summary>
    public long TotalUses => totalUses;

    /// <summary>Whether the bitmap marks the id free (its count is zero), for the invariant checker.</summary>
    public bool IsFree(int id) => free.Contains(id);
}

/// <summary>
/// A set of ids 0..count-1 as a bitmap with summary levels: bit i of level k+1 is set when word i
/// of level k is non-zero. The top level is a single word, so "lowest member ≥ x" climbs at most
/// <see cref="Depth"/> levels and descends as many: O(log64 count), 4 levels at a million ids.
/// Add and Remove touch a word per level only when a word turns empty or non-empty.
/// </summary>
internal sealed class FreeIdSet
{
    private readonly ulong[][] levels;
    private readonly int count;

    /// <summary>A set holding every id below <paramref name="count"/>.</summary>
    public FreeIdSet(int count)
    {
        this.count = count;
        var list = new List<ulong[]>();
        int bits = count;
        do
        {
            var level = new ulong[(bits + 63) >> 6];
            FillLow(level, bits);
            list.Add(level);
            bits = level.Length;
        } while (bits > 1);
        levels = [.. list];
    }

    /// <summary>Levels including the single-word top.</summary>
    public int Depth => levels.Length;

    /// <summary>Set the lowest <paramref name="bits"/> bits: every id free, every summary bit set.</summary>
    private static void FillLow(ulong[] words, int bits)
    {
        for (int i = 0; i < bits >> 6; i++) words[i] = ulong.MaxValue;
        if ((bits & 63) != 0) words[bits >> 6] = (1UL << (bits & 63)) - 1;
    }

    public bool Contains(int id) => (levels[0][id >> 6] & (1UL << id)) != 0;

    public void Add(int id)
    {
        foreach (var level in levels)
        {
            ref ulong word = ref level[id >> 6];
            bool wasEmpty = word == 0;
            word |= 1UL << id; // C# masks a ulong shift count to its low 6 bits: id & 63
            if (!wasEmpty) return;
            id >>= 6;
        }
    }

    public void Remove(int id)
    {
        foreach (var level in levels)
        {
            ref ulong word = ref level[id >> 6];
            word &= ~(1UL << id);
            if (word != 0) return;
            id >>= 6;
        }
    }

    /// <summary>The lowest member ≥ <paramref name="from"/>, or -1.</summary>
    public int NextAtOrAbove(int from)
    {
        if (from >= count) return -1;
        if (from < 0) from = 0;
        // Climb until a word holds a set bit at or after the position; each level up starts
        // at the word after the one that was empty.
        int k = 0, pos = from;
        while (true)
        {
            if (k == levels.Length) return -1;
            var level = levels[k];
            int w = pos >> 6;
            if (w < level.Length)
            {
                ulong bits = level[w] & (ulong.MaxValue << (pos & 63));
                if (bits != 0)
                {
                    pos = (w << 6) + BitOperations.TrailingZeroCount(bits);
                    break;
                }
            }
            pos = w + 1;
            k++;
        }
        // Descend: a set summary bit guarantees a non-empty word below.
        while (k > 0)
        {
            k--;
            pos = (pos << 6) + BitOperations.TrailingZeroCount(levels[k][pos]);
        }
        return pos;
    }
}
