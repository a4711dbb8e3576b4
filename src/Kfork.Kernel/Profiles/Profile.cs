using Kfork.Sys;
using static Kfork.Sys.RforkFlags;

namespace Kfork.Profiles;

/// <summary>What rfork does with kernel-only flags that arrive from user space.</summary>
public enum KernelOnlyFlagsPolicy
{
    /// <summary>DragonFly sys_rfork: EINVAL (001_…:169-170).</summary>
    Reject,
    /// <summary>FreeBSD rfork: masked off silently (002_…:150-151).</summary>
    Mask,
}

/// <summary>How fork1 reports a refused fork when a process limit is hit.</summary>
public enum LimitRefusalReport
{
    /// <summary>
    /// FreeBSD: tablefull("proc") when the table is full; an RLIMIT_NPROC refusal is silent
    /// (002_…:262-265, 276-284). No sleep.
    /// </summary>
    TableFull,
    /// <summary>
    /// DragonFly: a console message rate-limited by ppsratecheck to one per second, then
    /// tsleep(hz/2), for both the table and the per-uid limit (001_…:323-330, 343-354).
    /// </summary>
    RateLimitedMessageAndSleep,
}

/// <summary>Who makes a forked child runnable.</summary>
public enum StartPolicy
{
    /// <summary>
    /// DragonFly: fork1 leaves the child in SIDL and the system call runs start_forked_proc(),
    /// which also drops the parent's PHOLD (001_…:121-123, 708-743).
    /// </summary>
    CallerStartsChild,
    /// <summary>FreeBSD: fork1 makes the child runnable itself unless RFSTOPPED (002_…:597-602).</summary>
    Fork1StartsChildUnlessStopped,
}

/// <summary>
/// A kernel personality: one seed's behaviour. Every behavioural difference between the seeds is a
/// named member here, and fork1 asks the profile; it never tests which profile it runs.
/// docs/profiles.md tables each member with its seed lines.
/// </summary>
public sealed record Profile
{
    /// <summary>The name used on the command line: freebsd, dragonfly, dragonfly-1.74.</summary>
    public required string Name { get; init; }
    /// <summary>The seed listing this profile follows.</summary>
    public required string Seed { get; init; }
    /// <summary>kern.ostype.</summary>
    public required string OsType { get; init; }
    /// <summary>kern.osrelease.</summary>
    public required string OsRelease { get; init; }

    /// <summary>Process slots kept from non-root users: 10 in DragonFly (001_…:323), 1 in FreeBSD (002_…:262).</summary>
    public required int NonRootReserve { get; init; }

    /// <summary>RFKERNELONLY: RFSTOPPED|RFHIGHPID|RFPPWAIT in FreeBSD, RFPGLOCK|RFPPWAIT in DragonFly.</summary>
    public required RforkFlags KernelOnlyFlags { get; init; }

    /// <summary>What rfork does with <see cref="KernelOnlyFlags"/> from user space.</summary>
    public required KernelOnlyFlagsPolicy UserKernelOnlyFlags { get; init; }

    /// <summary>How a refused fork is reported (message, sleep).</summary>
    public required LimitRefusalReport LimitRefusal { get; init; }

    /// <summary>Who makes the child runnable, and where the parent's PHOLD is dropped.</summary>
    public required StartPolicy Start { get; init; }

    /// <summary>
    /// rfork without RFPROC is refused with EINVAL when the process has more than one LWP
    /// (DragonFly, 001_…:264-267, 000_…:243); FreeBSD has no such check.
    /// </summary>
    public required bool NoProcRforkNeedsSingleLwp { get; init; }

    /// <summary>Flags sys_fork passes to fork1 (001_…:121 adds RFPGLOCK; 002_…:117 does not).</summary>
    public required RforkFlags ForkFlags { get; init; }
    /// <summary>Flags sys_vfork passes to fork1 (001_…:140, 002_…:134).</summary>
    public required RforkFlags VforkFlags { get; init; }
    /// <summary>Flags sys_rfork adds to the user's (RFPGLOCK in DragonFly, 001_…:172).</summary>
    public required RforkFlags RforkAddedFlags { get; init; }

    /// <summary>
    /// The flags value fork1 counts as a fork (v_forks). 000_…:505 compares with RFFDG|RFPROC although
    /// sys_fork passes RFPGLOCK too, so every fork there is counted as an rfork; 001_…:549 includes RFPGLOCK.
    /// </summary>
    public required RforkFlags CountedAsFork { get; init; }
    /// <summary>The flags value fork1 counts as a vfork (v_vforks); see <see cref="CountedAsFork"/>.</summary>
    public required RforkFlags CountedAsVfork { get; init; }

    /// <summary>
    /// RFPGLOCK takes the process group's lock and restarts the call (ERESTART) when a signal is
    /// pending, so a ^C sent during fork is not missed (DragonFly, 001_…:295-313).
    /// </summary>
    public required bool PgrpSignalInterlock { get; init; }

    /// <summary>Process flags copied to the child: P_SUGID|P_ALTSTACK in FreeBSD (002_…:492), P_SUGID in DragonFly (001_…:475).</summary>
    public required ProcFlags InheritedProcFlags { get; init; }

    /// <summary>DragonFly marks children of jailed credentials P_JAILED (001_…:402-403).</summary>
    public required bool MarksJailedChildren { get; init; }

    /// <summary>DragonFly tracks filedesc_to_leader for shared descriptor tables (001_…:444-468).</summary>
    public required bool TracksFiledescLeaders { get; init; }

    /// <summary>PID_MAX: 99999 in FreeBSD, 999999 in DragonFly (sys/proc.h of each).</summary>
    public required int PidMax { get; init; }

    /// <summary>
    /// RFHIGHPID gives a boot process a pid from 10 up without moving lastpid (FreeBSD, 002_…:312-315,
    /// 370-373). DragonFly's unistd.h has no RFHIGHPID and its pid choice takes no flags, so the bit is ignored.
    /// </summary>
    public required bool HonorsHighPid { get; init; }

    /// <summary>kern.randompid exists (FreeBSD, 002_…:173-195).</summary>
    public required bool HasRandomPid { get; init; }

    /// <summary>kern.fast_vfork exists (FreeBSD, 002_…:76-78; no effect in this revision: vfork always uses RFMEM).</summary>
    public required bool HasFastVforkSysctl { get; init; }

    /// <summary>lwp_create exists (DragonFly, 001_…:185-231, 000_…:173-214).</summary>
    public required bool HasLwpCreate { get; init; }

    /// <summary>lwp_create forces an exclusive plimit first (001_…:198 plimit_lwp_fork); 000 does not.</summary>
    public required bool LwpCreateMakesPlimitExclusive { get; init; }

    /// <summary>The flags init is forked with at boot (FreeBSD's create_init uses RFSTOPPED; DragonFly's RFPGLOCK).</summary>
    public required RforkFlags InitForkFlags { get; init; }

    /// <summary>hz: clock ticks per virtual second.</summary>
    public int Hz { get; init; } = 100;

    /// <summary>Boot defaults for kern.maxproc and kern.maxprocperuid (NPROC with maxusers 64; 9/10 per uid).</summary>
    public int DefaultMaxProc { get; init; } = 20 + 16 * 64;

    public override string ToString() => Name;
}
