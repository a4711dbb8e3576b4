using System.Globalization;
using Kfork.Kern;
using Kfork.Sys;

namespace Kfork.Cli.Inspect;

/// <summary>Every process the kernel knows, live or zombie, by pid (proc0 included, as `ps -ax` shows [kernel]).</summary>
public static class ProcessTable
{
    public static IReadOnlyList<Proc> All(Kernel k) =>
        k.AllProc.Concat(k.ZombProc).OrderBy(p => p.Pid).ThenBy(p => p.Serial).ToList();

    /// <summary>pfind, then zpfind: `procstat` and `ddb show proc` look at zombies too.</summary>
    public static Proc? Find(Kernel k, int pid) => k.Pfind(pid) ?? k.Zpfind(pid);

    /// <summary>
    /// ps's STAT: the state letter (Z zombie, T stopped, I being created, R runnable, S asleep),
    /// then `s` for a session leader, `V` for a vfork child the parent waits on, `E` while exiting.
    /// </summary>
    public static string Stat(Proc p)
    {
        char state = p.Stat switch
        {
            ProcStat.SZOMB => 'Z',
            ProcStat.SSTOP => 'T',
            ProcStat.SIDL => 'I',
            _ => LwpState(p),
        };
        var s = state.ToString();
        if (p.Stat != ProcStat.SZOMB && p.Session.Leader == p) s += "s";
        if ((p.Flag & ProcFlags.P_PPWAIT) != 0) s += "V";
        if ((p.Flag & ProcFlags.P_WEXIT) != 0 && p.Stat != ProcStat.SZOMB) s += "E";
        return s;
    }

    /// <summary>A started process: R if any LWP can run, T if stopped, else S (all asleep).</summary>
    private static char LwpState(Proc p)
    {
        bool anyStopped = false, anyAsleep = false;
        foreach (var lp in Kernel.Lwps(p))
        {
            if (lp.Stat == LwpStat.LSRUN) return 'R';
            anyStopped |= lp.Stat == LwpStat.LSSTOP;
            anyAsleep |= lp.Stat == LwpStat.LSSLEEP;
        }
        return anyAsleep ? 'S' : anyStopped ? 'T' : 'R';
    }

    /// <summary>WCHAN: the wmesg of the first sleeping LWP, or "-".</summary>
    public static string Wchan(Proc p) => Kernel.Lwps(p).FirstOrDefault(l => l.WChan != null)?.WMesg ?? "-";

    public static int Ppid(Proc p) => p.Parent?.Pid ?? 0;

    public static string Hex(long v) => "0x" + v.ToString("x", CultureInfo.InvariantCulture);
}
