using Kfork.Kern;
using Kfork.Sys;

namespace Kfork.Cli.Inspect;

/// <summary>
/// What `procstat` shows of one process, read from the kernel's structures: one record per
/// section, so text and JSON print the same facts. Ordering is fixed (fd, tid, signal number).
/// </summary>
public sealed record ProcDetail(
    int Pid, string Comm, int Ppid, string Stat,
    ProcDetail.Credentials Cred, ProcDetail.Limits? Limit, ProcDetail.Descriptors? Files,
    ProcDetail.Signals Sigs, ProcDetail.Memory? Mem, IReadOnlyList<ProcDetail.Thread> Lwps)
{
    public sealed record Credentials(int Uid, int Ruid, int Svuid, int Gid, int Rgid, int Svgid, bool Jailed, int Refs, int RuidProcs);
    public sealed record Limit1(string Resource, string Soft, string Hard);
    public sealed record Limits(int Refs, IReadOnlyList<Limit1> Resources);
    public sealed record Descriptor(int Fd, string Kind, string Name, string Flags, long Offset, int Refs, bool CloseOnExec);
    public sealed record Descriptors(int Refs, string Cwd, string Cmask, IReadOnlyList<Descriptor> Open);
    public sealed record Signals(int Refs, IReadOnlyList<string> Pending, IReadOnlyList<string> Caught, IReadOnlyList<string> Ignored, bool NoChildWait);
    public sealed record Memory(int Refs, long ResidentPages, long MappedBytes, long DataPages, long StackPages, long CopiedOnWrite);
    public sealed record Thread(int Tid, string Stat, string Wchan, IReadOnlyList<string> Mask, IReadOnlyList<string> Pending);

    /// <summary>
    /// A zombie keeps its credential and signal actions until wait4 reaps it; exit1 already gave
    /// back its limits, descriptors and address space, so those are null (JSON null, "released").
    /// </summary>
    public static ProcDetail Read(Proc p)
    {
        bool zombie = p.Stat == ProcStat.SZOMB;
        return new(
            p.Pid, p.Comm, ProcessTable.Ppid(p), ProcessTable.Stat(p),
            ReadCred(p.Ucred), zombie ? null : ReadLimits(p.Limit), zombie ? null : ReadFiles(p.Fd), ReadSignals(p),
            zombie ? null : ReadMemory(p.Vmspace), Kernel.Lwps(p).Select(ReadThread).ToList());
    }

    private static Credentials ReadCred(Ucred c) =>
        new(c.Uid, c.Ruid, c.Svuid, c.Gid, c.Rgid, c.Svgid, c.Jailed, c.RefCount, c.RuidInfo.ProcCount);

    private static Limits ReadLimits(Plimit l) => new(l.RefCount,
        Enum.GetValues<RlimitKind>().Select(kind => new Limit1(kind.ToString().ToLowerInvariant(), Rl(l[kind].Cur), Rl(l[kind].Max))).ToList());

    private static string Rl(long v) => v == Rlimit.Infinity ? "infinity" : v.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Descriptors ReadFiles(Filedesc fd)
    {
        var open = new List<Descriptor>();
        for (int i = 0; i < fd.Files.Length; i++)
        {
            if (fd.Files[i] is not { } f) continue;
            string flags = ((f.Flags & OpenFile.FREAD) != 0 ? "r" : "-") + ((f.Flags & OpenFile.FWRITE) != 0 ? "w" : "-");
            bool cloexec = i < fd.FileFlags.Length && (fd.FileFlags[i] & Filedesc.UF_EXCLOSE) != 0;
            open.Add(new Descriptor(i, f.Kind, f.Name, flags, f.Offset, f.RefCount, cloexec));
        }
        return new Descriptors(fd.RefCount, fd.Cwd, "0" + Convert.ToString(fd.Cmask, 8), open);
    }

    private static Signals ReadSignals(Proc p)
    {
        var caught = new List<string>();
        var ignored = new List<string>();
        for (int s = 1; s <= Sig.NSIG; s++)
        {
            if (p.Sigacts.IsCaught(s)) caught.Add(Sig.Name(s));
            else if (p.Sigacts.IsIgnored(s)) ignored.Add(Sig.Name(s));
        }
        return new Signals(p.Sigacts.RefCount, Names(p.SigList), caught, ignored, p.Sigacts.NoChildWait);
    }

    private static Memory ReadMemory(Kfork.Vm.Vmspace v) =>
        new(v.RefCount, v.ResidentPages, v.MappedBytes, v.DataPages, v.StackPages, v.CopiedOnWrite);

    private static Thread ReadThread(Lwp lp) => new(
        lp.Tid, lp.Stat.ToString(), lp.WChan != null ? lp.WMesg ?? "?" : "-", Names(lp.SigMask), Names(lp.SigList));

    /// <summary>The signals in a set by name, lowest number first.</summary>
    public static IReadOnlyList<string> Names(Sigset set)
    {
        var names = new List<string>();
        for (int s = 1; s <= Sig.NSIG; s++) if (set.Has(s)) names.Add(Sig.Name(s));
        return names;
    }
}
