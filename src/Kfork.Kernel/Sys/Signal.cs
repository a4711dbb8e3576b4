namespace Kfork.Sys;

/// <summary>sys/signal.h numbers (GUEST_ABI.md).</summary>
public static class Sig
{
    public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6,
        SIGEMT = 7, SIGFPE = 8, SIGKILL = 9, SIGBUS = 10, SIGSEGV = 11, SIGSYS = 12, SIGPIPE = 13,
        SIGALRM = 14, SIGTERM = 15, SIGURG = 16, SIGSTOP = 17, SIGTSTP = 18, SIGCONT = 19,
        SIGCHLD = 20, SIGTTIN = 21, SIGTTOU = 22, SIGIO = 23, SIGXCPU = 24, SIGXFSZ = 25,
        SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28, SIGINFO = 29, SIGUSR1 = 30, SIGUSR2 = 31;

    /// <summary>_SIG_MAXSIG: valid signal numbers are 1..128.</summary>
    public const int NSIG = 128;

    public static bool IsValid(int signo) => signo >= 1 && signo <= NSIG;

    private static readonly string[] Names =
    {
        "0", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "EMT", "FPE", "KILL", "BUS", "SEGV", "SYS",
        "PIPE", "ALRM", "TERM", "URG", "STOP", "TSTP", "CONT", "CHLD", "TTIN", "TTOU", "IO", "XCPU",
        "XFSZ", "VTALRM", "PROF", "WINCH", "INFO", "USR1", "USR2",
    };

    public static string Name(int signo) => signo > 0 && signo < Names.Length ? "SIG" + Names[signo] : "SIG" + signo;
}
