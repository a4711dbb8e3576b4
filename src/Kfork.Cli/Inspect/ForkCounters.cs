using Kfork.Kern;

namespace Kfork.Cli.Inspect;

/// <summary>One line of `vmstat -f`: a kind of fork, how many, and the pages they touched.</summary>
public sealed record ForkCounter(string Kind, string Plural, long Calls, long Pages)
{
    /// <summary>vmstat's "average": pages per call, 0 when none.</summary>
    public double Average => Calls == 0 ? 0 : (double)Pages / Calls;

    /// <summary>The vmmeter fork counters (cnt.v_forks ... v_kthreadpages), in vmstat -f's order.</summary>
    public static IReadOnlyList<ForkCounter> Read(Kernel k)
    {
        var c = k.Cnt;
        return
        [
            new("fork", "forks", c.Forks, c.ForkPages),
            new("vfork", "vforks", c.Vforks, c.VforkPages),
            new("rfork", "rforks", c.Rforks, c.RforkPages),
            new("kernel thread", "kernel threads", c.Kthreads, c.KthreadPages),
        ];
    }
}
