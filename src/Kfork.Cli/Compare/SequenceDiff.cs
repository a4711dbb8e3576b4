namespace Kfork.Cli.Compare;

/// <summary>One step of an alignment: a line in both sequences, only in the first (-), or only in the second (+).</summary>
public readonly record struct DiffOp(char Kind, int A, int B);

/// <summary>
/// Myers' O((N+M)·D) shortest edit script: aligns two event sequences so that a difference in
/// the middle of a run shows as a small hunk instead of shifting everything after it.
/// </summary>
public static class SequenceDiff
{
    public static List<DiffOp> Align(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        int n = a.Count, m = b.Count, max = n + m, offset = max + 1;
        var v = new int[2 * max + 3];
        var trace = new List<int[]>();
        int dFound = -1;
        for (int d = 0; d <= max && dFound < 0; d++)
        {
            trace.Add((int[])v.Clone());
            for (int k = -d; k <= d; k += 2)
            {
                int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a[x] == b[y]) { x++; y++; }
                v[offset + k] = x;
                if (x >= n && y >= m) { dFound = d; break; }
            }
        }
        // Walk back through the saved frontiers to recover the path.
        var ops = new List<DiffOp>();
        int cx = n, cy = m;
        for (int d = dFound; d > 0; d--)
        {
            var prev = trace[d];
            int k = cx - cy;
            int prevK = k == -d || (k != d && prev[offset + k - 1] < prev[offset + k + 1]) ? k + 1 : k - 1;
            int px = prev[offset + prevK], py = px - prevK;
            while (cx > px && cy > py) { cx--; cy--; ops.Add(new DiffOp(' ', cx, cy)); }
            if (cx == px) { cy--; ops.Add(new DiffOp('+', cx, cy)); }
            else { cx--; ops.Add(new DiffOp('-', cx, cy)); }
        }
        while (cx > 0 && cy > 0) { cx--; cy--; ops.Add(new DiffOp(' ', cx, cy)); }
        ops.Reverse();
        return ops;
    }

    /// <summary>The changes with <paramref name="context"/> unchanged lines around each, grouped into hunks.</summary>
    public static List<List<DiffOp>> Hunks(List<DiffOp> ops, int context)
    {
        var hunks = new List<List<DiffOp>>();
        var changed = ops.Select((o, i) => (o, i)).Where(t => t.o.Kind != ' ').Select(t => t.i).ToList();
        int c = 0;
        while (c < changed.Count)
        {
            int start = Math.Max(0, changed[c] - context), end = changed[c];
            while (c + 1 < changed.Count && changed[c + 1] - end <= 2 * context + 1) end = changed[++c];
            c++;
            end = Math.Min(ops.Count - 1, end + context);
            hunks.Add(ops.GetRange(start, end - start + 1));
        }
        return hunks;
    }
}
