namespace Kfork.Sys;

/// <summary>sys/wait.h: wait4 options and status encoding (GUEST_ABI.md).</summary>
public static class Wait
{
    public const int WNOHANG = 1, WUNTRACED = 2, WCONTINUED = 4, WNOWAIT = 8;
    public const int WLINUXCLONE = unchecked((int)0x80000000);
    public const int ValidOptions = WNOHANG | WUNTRACED | WCONTINUED | WNOWAIT | WLINUXCLONE;

    /// <summary>W_EXITCODE(code, 0).</summary>
    public static int Exited(int code) => (code & 0xff) << 8;
    /// <summary>W_EXITCODE(0, signo) plus WCOREFLAG.</summary>
    public static int Signaled(int signo, bool core = false) => signo | (core ? 0x80 : 0);
    /// <summary>W_STOPCODE(signo).</summary>
    public static int Stopped(int signo) => (signo << 8) | 0x7f;
    /// <summary>SIGCONT report for WCONTINUED (FreeBSD's _WCONTINUED).</summary>
    public const int Continued = 0x13;

    public static bool IfExited(int status) => (status & 0x7f) == 0;
    public static int ExitStatus(int status) => (status >> 8) & 0xff;
    public static bool IfSignaled(int status) => (status & 0x7f) != 0x7f && (status & 0x7f) != 0;
    public static int TermSig(int status) => status & 0x7f;
    public static bool IfStopped(int status) => (status & 0xff) == 0x7f;

    public static string Describe(int status) =>
        IfExited(status) ? $"exited {ExitStatus(status)}"
        : IfSignaled(status) ? $"killed by {Sig.Name(TermSig(status))}"
        : IfStopped(status) ? $"stopped by {Sig.Name(status >> 8)}"
        : $"status {status:x}";
}
