using System.Globalization;
using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>How a sysctl may be changed.</summary>
public enum SysctlAccess
{
    /// <summary>CTLFLAG_RD: never written.</summary>
    ReadOnly,
    /// <summary>CTLFLAG_RDTUN: set at boot (a loader tunable, `kfork run --sysctl`), read-only after.</summary>
    BootTunable,
    /// <summary>CTLFLAG_RW: root may write it at run time.</summary>
    ReadWrite,
}

/// <summary>One sysctl OID: its name, its access, and how it reads and writes (the handler).</summary>
public sealed class SysctlOid
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required SysctlAccess Access { get; init; }
    /// <summary>True for string values (kern.ostype), false for integers.</summary>
    public bool IsString => ReadInt == null;
    public required Func<string> Read { get; init; }
    /// <summary>The value of an integer OID as a number (what __sysctl copies out); null for strings.</summary>
    public Func<long>? ReadInt { get; init; }
    /// <summary>The handler for a new value; EINVAL if it does not parse.</summary>
    public Func<long, Errno>? WriteInt { get; init; }
}

/// <summary>
/// kern_sysctl.c and the OIDs the seeds and GUEST_ABI.md name: kern.ostype, kern.osrelease,
/// kern.maxproc, kern.maxprocperuid, kern.lastpid, kern.randompid (FreeBSD), kern.fast_vfork
/// (FreeBSD), and the vm.stats.vm fork counters.
/// </summary>
public sealed partial class Kernel
{
    private readonly SortedDictionary<string, SysctlOid> sysctls = new(StringComparer.Ordinal);

    /// <summary>kern.randompid: the random pid modulus (FreeBSD, 002_…:173).</summary>
    public int RandomPid { get; private set; }

    /// <summary>kern.fast_vfork (002_…:76): settable, but vfork uses RFMEM regardless in this revision.</summary>
    public int FastVfork { get; private set; } = 1;

    public IEnumerable<SysctlOid> Sysctls => sysctls.Values;

    private void InitSysctls()
    {
        MaxProc = Profile.DefaultMaxProc;
        MaxProcPerUid = MaxProc * 9 / 10;
        AddString("kern.ostype", "Operating system type", () => Profile.OsType);
        AddString("kern.osrelease", "Operating system release", () => Profile.OsRelease);
        AddInt("kern.maxproc", "Maximum number of processes", SysctlAccess.BootTunable, () => MaxProc, SetMaxProc);
        AddInt("kern.maxprocperuid", "Maximum processes allowed per userid", SysctlAccess.ReadWrite, () => MaxProcPerUid, SetMaxProcPerUid);
        AddInt("kern.maxfilesperproc", "Maximum files allowed open per process", SysctlAccess.ReadWrite, () => MaxFilesPerProc,
            v => { if (v < 1 || v > int.MaxValue) return Errno.EINVAL; MaxFilesPerProc = (int)v; return Errno.OK; });
        AddInt("kern.lastpid", "Last used PID", SysctlAccess.ReadOnly, () => PidAllocator.LastPid, null);
        AddString(PidAllocatorTunable, "PID allocator chosen at boot (bitmap, scan)", () => PidAllocatorName(PidAllocatorKind));
        if (Profile.HasRandomPid)
            AddInt("kern.randompid", "Random PID modulus", SysctlAccess.ReadWrite, () => RandomPid, SetRandomPid);
        if (Profile.HasFastVforkSysctl)
            AddInt("kern.fast_vfork", "flag to indicate whether we have a fast vfork()", SysctlAccess.ReadWrite, () => FastVfork,
                v => { FastVfork = (int)v; return Errno.OK; });
        AddCounter("v_forks", "Number of fork() calls", () => Cnt.Forks);
        AddCounter("v_vforks", "Number of vfork() calls", () => Cnt.Vforks);
        AddCounter("v_rforks", "Number of rfork() calls", () => Cnt.Rforks);
        AddCounter("v_kthreads", "Number of fork() calls by kernel", () => Cnt.Kthreads);
        AddCounter("v_forkpages", "VM pages affected by fork()", () => Cnt.ForkPages);
        AddCounter("v_vforkpages", "VM pages affected by vfork()", () => Cnt.VforkPages);
        AddCounter("v_rforkpages", "VM pages affected by rfork()", () => Cnt.RforkPages);
        AddCounter("v_kthreadpages", "VM pages affected by fork() by kernel", () => Cnt.KthreadPages);
    }

    private void AddString(string name, string description, Func<string> read) =>
        sysctls[name] = new SysctlOid { Name = name, Description = description, Access = SysctlAccess.ReadOnly, Read = read };

    private void AddInt(string name, string description, SysctlAccess access, Func<long> read, Func<long, Errno>? write) =>
        sysctls[name] = new SysctlOid
        {
            Name = name, Description = description, Access = access,
            Read = () => read().ToString(CultureInfo.InvariantCulture), ReadInt = read, WriteInt = write,
        };

    private void AddCounter(string name, string description, Func<long> read) =>
        AddInt("vm.stats.vm." + name, description, SysctlAccess.ReadOnly, read, null);

    /// <summary>kern.maxproc: at least the processes that exist; maxprocperuid follows at 9/10 as at boot.</summary>
    private Errno SetMaxProc(long v)
    {
        if (v < 2 || v > Profile.PidMax) return Errno.EINVAL;
        MaxProc = (int)v;
        MaxProcPerUid = MaxProc * 9 / 10;
        return Errno.OK;
    }

    private Errno SetMaxProcPerUid(long v)
    {
        if (v < 1 || v > MaxProc) return Errno.EINVAL;
        MaxProcPerUid = (int)v;
        return Errno.OK;
    }

    /// <summary>
    /// sysctl_kern_randompid (002_…:175-192): out-of-range values become PID_MAX - 100, 0 and 1
    /// mean off, values below 100 become 100.
    /// </summary>
    private Errno SetRandomPid(long v)
    {
        int pidMax = Profile.PidMax;
        int pid = v < 0 || v > pidMax - 100 ? pidMax - 100 : v < 2 ? 0 : v < 100 ? 100 : (int)v;
        RandomPid = pid;
        return Errno.OK;
    }

    /// <summary>Read a sysctl by name: ENOENT if there is none.</summary>
    public Errno SysctlRead(string name, out string value)
    {
        value = "";
        if (!sysctls.TryGetValue(name, out var oid)) return Errno.ENOENT;
        value = oid.Read();
        return Errno.OK;
    }

    /// <summary>
    /// Write a sysctl at run time: ENOENT if unknown, EPERM if read-only or a boot tunable, or the
    /// caller is not root; EINVAL if the value is not a number the handler accepts.
    /// </summary>
    public Errno SysctlWrite(Lwp? td, string name, string value)
    {
        var error = SysctlWritable(td, name, out var oid);
        return error != Errno.OK ? error : ParseAndWrite(oid!, value);
    }

    /// <summary>The same write with a value that is a number already (from __sysctl's newp).</summary>
    internal Errno SysctlWrite(Lwp? td, string name, long value)
    {
        var error = SysctlWritable(td, name, out var oid);
        return error != Errno.OK ? error : oid!.WriteInt!(value);
    }

    /// <summary>ENOENT for an unknown name; EPERM unless it is writable at run time and the caller is root.</summary>
    private Errno SysctlWritable(Lwp? td, string name, out SysctlOid? oid)
    {
        if (!sysctls.TryGetValue(name, out oid)) return Errno.ENOENT;
        if (oid.Access != SysctlAccess.ReadWrite || oid.WriteInt == null) return Errno.EPERM;
        return td != null && td.Proc.Ucred.Uid != 0 ? Errno.EPERM : Errno.OK;
    }

    private static Errno ParseAndWrite(SysctlOid oid, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) && oid.WriteInt != null
            ? oid.WriteInt(v) : Errno.EINVAL;

    /// <summary>Boot tunables (`--sysctl NAME=VALUE`): any writable or tunable OID; a bad one is a boot error.</summary>
    private void ApplyTunables(IReadOnlyDictionary<string, string> tunables)
    {
        foreach (var (name, value) in tunables)
        {
            if (name == PidAllocatorTunable) { SelectPidAllocator(value); continue; }
            if (!sysctls.TryGetValue(name, out var oid))
                throw new KernelConfigException($"unknown sysctl '{name}'");
            if (oid.Access == SysctlAccess.ReadOnly || oid.WriteInt == null)
                throw new KernelConfigException($"sysctl '{name}' is read-only and cannot be set at boot");
            if (ParseAndWrite(oid, value) != Errno.OK)
                throw new KernelConfigException($"sysctl '{name}': invalid value '{value}'");
        }
    }
}

/// <summary>A bad boot configuration (unknown or read-only tunable, bad value): the kernel does not boot.</summary>
public sealed class KernelConfigException(string message) : Exception(message);
