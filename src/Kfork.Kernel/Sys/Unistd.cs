namespace Kfork.Sys;

/// <summary>sys/unistd.h: the rfork(2) flags, with GUEST_ABI.md's values.</summary>
[Flags]
public enum RforkFlags : uint
{
    None = 0,
    /// <summary>Plan 9 name space; accepted and ignored, as in both seeds.</summary>
    RFNAMEG = 1u << 0,
    RFENVG = 1u << 1,
    /// <summary>Copy the descriptor table.</summary>
    RFFDG = 1u << 2,
    RFNOTEG = 1u << 3,
    /// <summary>Create a new process (without it, rfork changes the caller).</summary>
    RFPROC = 1u << 4,
    /// <summary>Share the address space.</summary>
    RFMEM = 1u << 5,
    /// <summary>The child becomes init's child.</summary>
    RFNOWAIT = 1u << 6,
    RFCNAMEG = 1u << 10,
    RFCENVG = 1u << 11,
    /// <summary>Start with an empty descriptor table.</summary>
    RFCFDG = 1u << 12,
    /// <summary>Share the process leader (peers list, filedesc_to_leader).</summary>
    RFTHREAD = 1u << 13,
    /// <summary>Share the signal actions.</summary>
    RFSIGSHARE = 1u << 14,
    /// <summary>Exit signal SIGUSR1 instead of SIGCHLD.</summary>
    RFLINUXTHPN = 1u << 16,
    /// <summary>FreeBSD: leave the child in SIDL; the caller starts it.</summary>
    RFSTOPPED = 1u << 17,
    /// <summary>FreeBSD: allocate from pid 10 upwards without moving lastpid.</summary>
    RFHIGHPID = 1u << 18,
    /// <summary>DragonFly: interlock against process-group signals.</summary>
    RFPGLOCK = 1u << 30,
    /// <summary>The parent waits until the child execs or exits (vfork).</summary>
    RFPPWAIT = 1u << 31,
}
