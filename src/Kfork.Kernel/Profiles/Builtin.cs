using Kfork.Sys;
using static Kfork.Sys.RforkFlags;

namespace Kfork.Profiles;

/// <summary>The three seeds as profiles.</summary>
public static class Builtin
{
    /// <summary>FreeBSD, SMPng era (seed 002_9881cda45edb1472).</summary>
    public static readonly Profile FreeBsd = new()
    {
        Name = "freebsd",
        Seed = "002_9881cda45edb1472",
        OsType = "FreeBSD",
        OsRelease = "5.0-CURRENT",
        NonRootReserve = 1,
        KernelOnlyFlags = RFSTOPPED | RFHIGHPID | RFPPWAIT,
        UserKernelOnlyFlags = KernelOnlyFlagsPolicy.Mask,
        LimitRefusal = LimitRefusalReport.TableFull,
        Start = StartPolicy.Fork1StartsChildUnlessStopped,
        NoProcRforkNeedsSingleLwp = false,
        ForkFlags = RFFDG | RFPROC,
        VforkFlags = RFFDG | RFPROC | RFPPWAIT | RFMEM,
        RforkAddedFlags = None,
        CountedAsFork = RFFDG | RFPROC,
        CountedAsVfork = RFFDG | RFPROC | RFPPWAIT | RFMEM,
        PgrpSignalInterlock = false,
        InheritedProcFlags = ProcFlags.P_SUGID | ProcFlags.P_ALTSTACK,
        MarksJailedChildren = false,
        TracksFiledescLeaders = false,
        PidMax = 99999,
        HonorsHighPid = true,
        HasRandomPid = true,
        HasFastVforkSysctl = true,
        HasLwpCreate = false,
        LwpCreateMakesPlimitExclusive = false,
        InitForkFlags = RFFDG | RFPROC | RFSTOPPED,
    };

    /// <summary>DragonFly with per-process tokens (seed 001_0cf37fa347fc2f3b).</summary>
    public static readonly Profile DragonFly = new()
    {
        Name = "dragonfly",
        Seed = "001_0cf37fa347fc2f3b",
        OsType = "DragonFly",
        OsRelease = "2.1-DEVELOPMENT",
        NonRootReserve = 10,
        KernelOnlyFlags = RFPGLOCK | RFPPWAIT,
        UserKernelOnlyFlags = KernelOnlyFlagsPolicy.Reject,
        LimitRefusal = LimitRefusalReport.RateLimitedMessageAndSleep,
        Start = StartPolicy.CallerStartsChild,
        NoProcRforkNeedsSingleLwp = true,
        ForkFlags = RFFDG | RFPROC | RFPGLOCK,
        VforkFlags = RFFDG | RFPROC | RFPPWAIT | RFMEM | RFPGLOCK,
        RforkAddedFlags = RFPGLOCK,
        CountedAsFork = RFFDG | RFPROC | RFPGLOCK,
        CountedAsVfork = RFFDG | RFPROC | RFPPWAIT | RFMEM | RFPGLOCK,
        PgrpSignalInterlock = true,
        InheritedProcFlags = ProcFlags.P_SUGID,
        MarksJailedChildren = true,
        TracksFiledescLeaders = true,
        PidMax = 999999,
        HonorsHighPid = false,
        HasRandomPid = false,
        HasFastVforkSysctl = false,
        HasLwpCreate = true,
        LwpCreateMakesPlimitExclusive = true,
        InitForkFlags = RFFDG | RFPROC | RFPGLOCK,
    };

    /// <summary>
    /// DragonFly 1.74 (seed 000_eb327cf70d41e40e): DragonFly's fork with two differences, written
    /// out here: fork1 compares the counters without RFPGLOCK (000_…:505-516), so every fork and
    /// vfork is counted as an rfork; and lwp_create does not force an exclusive plimit (000_…:173-214).
    /// </summary>
    public static readonly Profile DragonFly174 = DragonFly with
    {
        Name = "dragonfly-1.74",
        Seed = "000_eb327cf70d41e40e",
        OsRelease = "1.13-PREVIEW",
        CountedAsFork = RFFDG | RFPROC,
        CountedAsVfork = RFFDG | RFPROC | RFPPWAIT | RFMEM,
        LwpCreateMakesPlimitExclusive = false,
    };

    public static IReadOnlyList<Profile> All { get; } = [FreeBsd, DragonFly, DragonFly174];

    /// <summary>The profile with this name, or null.</summary>
    public static Profile? Find(string name)
    {
        foreach (var p in All)
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return p;
        return null;
    }
}
