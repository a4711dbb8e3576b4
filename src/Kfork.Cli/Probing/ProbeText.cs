using System.Globalization;
using Kfork.Kern;
using Kfork.Sys;

namespace Kfork.Cli.Probing;

/// <summary>
/// One probe event as text, the same everywhere (probes, ddb's trace, diff), so the tools agree.
/// No host time, no hash order: the same run gives the same text.
/// </summary>
public static class ProbeText
{
    /// <summary>`   12      0  ForkReturn        pid 2    tid 0   child 3 errno OK`.</summary>
    public static string Line(long seq, in ProbeEvent e) =>
        string.Create(CultureInfo.InvariantCulture, $"{seq,6} {e.Tick,6}  {e.Id,-16}  {Where(e)}  {Details(e)}").TrimEnd();

    /// <summary>`#24 tick 0: ProcExit  pid 3 ...`: where a run stopped.</summary>
    public static string Moment(long seq, in ProbeEvent e) =>
        string.Create(CultureInfo.InvariantCulture, $"#{seq} tick {e.Tick}: {Key(e)}");

    /// <summary>The event without its sequence number and tick: what `kfork diff` compares.</summary>
    public static string Key(in ProbeEvent e) => $"{e.Id,-16}  {Where(e)}  {Details(e)}".TrimEnd();

    private static string Where(in ProbeEvent e) =>
        string.Create(CultureInfo.InvariantCulture, $"pid {e.Pid,-4} tid {e.Tid,-3}");

    /// <summary>The probe's arguments in words (Probes.cs documents what each carries).</summary>
    public static string Details(in ProbeEvent e) => e.Id switch
    {
        ProbeId.ForkEntry => $"flags {Flags(e.Arg0)}",
        ProbeId.ForkReturn => $"child {e.Pid2} errno {e.Error} flags {Flags(e.Arg0)}",
        ProbeId.ForkLimitRefused => $"limit {(e.Arg0 == 1 ? "maxproc" : "RLIMIT_NPROC")} errno {e.Error}",
        ProbeId.PidAllocated => $"pid {e.Pid2}",
        ProbeId.ProcCreate => $"child {e.Pid2} flags {Flags(e.Arg0)}",
        ProbeId.ProcStart => "",
        ProbeId.ProcExec => $"path \"{e.Text}\"",
        ProbeId.ProcExit => $"status {Wait.Describe((int)e.Arg0)}",
        ProbeId.ProcReap => $"child {e.Pid2} status {Wait.Describe((int)e.Arg0)}",
        ProbeId.SignalSend or ProbeId.SignalDeliver => $"sig {Sig.Name((int)e.Arg0)}",
        ProbeId.Sleep or ProbeId.Wakeup => $"wmesg \"{e.Text}\"",
        ProbeId.SyscallEntry => $"#{e.Arg0} {e.Text}",
        ProbeId.SyscallReturn => $"#{e.Arg0} {e.Text} = {e.Arg1} errno {e.Error}",
        ProbeId.Console => $"\"{e.Text}\"",
        _ => $"arg0 {e.Arg0} arg1 {e.Arg1} pid2 {e.Pid2} errno {e.Error}",
    };

    /// <summary>rfork flags as `RFFDG|RFPROC` (lowest bit first), or `0`.</summary>
    public static string Flags(long value)
    {
        var flags = (RforkFlags)(uint)value;
        if (flags == RforkFlags.None) return "0";
        var names = new List<string>();
        foreach (var f in Enum.GetValues<RforkFlags>())
            if (f != RforkFlags.None && (flags & f) == f) names.Add(f.ToString());
        uint known = names.Aggregate(0u, (acc, n) => acc | (uint)Enum.Parse<RforkFlags>(n));
        if (((uint)flags & ~known) != 0) names.Add($"0x{(uint)flags & ~known:x}");
        return string.Join('|', names);
    }
}
