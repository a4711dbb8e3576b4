using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>Signal properties (sigprop): what a signal's default action is.</summary>
[Flags]
internal enum SigProp
{
    None = 0, Kill = 1, Core = 2, Stop = 4, TtyStop = 8, Ignore = 16, Cont = 32,
}

/// <summary>
/// kern_sig.c: kill and its permission rule, psignal (posting), delivery at return to user space
/// (issignal/postsig) with the default actions, sigaction and sigprocmask.
/// A posted signal is acted on when its LWP next returns to user space (userret): a guest LWP
/// when the machine next enters user mode, an API-driven LWP when the scheduler next runs it.
/// Posting never acts at once, so no kernel path is re-entered by a signal's default action.
/// </summary>
public sealed partial class Kernel
{
    public const int SIG_BLOCK = 1, SIG_UNBLOCK = 2, SIG_SETMASK = 3;

    private static SigProp Prop(int sig) => sig switch
    {
        Sig.SIGHUP or Sig.SIGINT or Sig.SIGKILL or Sig.SIGPIPE or Sig.SIGALRM or Sig.SIGTERM
            or Sig.SIGVTALRM or Sig.SIGPROF or Sig.SIGUSR1 or Sig.SIGUSR2 => SigProp.Kill,
        Sig.SIGQUIT or Sig.SIGXCPU or Sig.SIGXFSZ => SigProp.Kill | SigProp.Core,
        Sig.SIGILL or Sig.SIGTRAP or Sig.SIGABRT or Sig.SIGEMT or Sig.SIGFPE or Sig.SIGBUS
            or Sig.SIGSEGV or Sig.SIGSYS => SigProp.Core,
        Sig.SIGURG or Sig.SIGCHLD or Sig.SIGIO or Sig.SIGWINCH or Sig.SIGINFO => SigProp.Ignore,
        Sig.SIGSTOP => SigProp.Stop,
        Sig.SIGTSTP or Sig.SIGTTIN or Sig.SIGTTOU => SigProp.Stop | SigProp.TtyStop,
        Sig.SIGCONT => SigProp.Ignore | SigProp.Cont,
        _ => SigProp.Kill,
    };

    private static readonly Sigset StopSignals = SetOf(Sig.SIGSTOP, Sig.SIGTSTP, Sig.SIGTTIN, Sig.SIGTTOU);
    private static readonly Sigset CantMask = SetOf(Sig.SIGKILL, Sig.SIGSTOP);

    private static Sigset SetOf(params int[] sigs)
    {
        var s = default(Sigset);
        foreach (var sig in sigs) s.Add(sig);
        return s;
    }

    /// <summary>
    /// CANSIGNAL: root, or a real or effective uid of the sender matching a real or effective uid
    /// of the target, or SIGCONT within the session.
    /// </summary>
    internal static bool CanSignal(Proc p, Proc q, int sig)
    {
        var a = p.Ucred;
        var b = q.Ucred;
        return a.Uid == 0 || a.Ruid == b.Ruid || a.Uid == b.Ruid || a.Ruid == b.Uid || a.Uid == b.Uid
            || (sig == Sig.SIGCONT && q.Session == p.Session);
    }

    /// <summary>
    /// kill(2): EINVAL for a bad signal; pid &gt; 0 one process (ESRCH, EPERM); 0 the caller's group;
    /// -1 every process the caller may signal but system processes, init and itself; &lt; -1 group -pid.
    /// Signal 0 only checks.
    /// </summary>
    public Errno SysKill(Lwp td, int pid, int sig)
    {
        if (sig < 0 || sig > Sig.NSIG) return Errno.EINVAL;
        var cp = td.Proc;
        if (pid > 0)
        {
            var p = Pfind(pid);
            if (p == null) return Errno.ESRCH;
            if (!CanSignal(cp, p, sig)) return Errno.EPERM;
            if (sig != 0) Psignal(p, sig);
            return Errno.OK;
        }
        if (pid == -1) return KillAll(cp, sig);
        var pg = pid == 0 ? cp.Pgrp : Pgfind(-pid);
        return pg == null ? Errno.ESRCH : KillPgrp(cp, pg, sig);
    }

    private Errno KillAll(Proc cp, int sig)
    {
        var targets = new List<Proc>();
        for (var p = AllprocFirst; p != null; p = p.ListNext)
            if (p.Pid > 1 && (p.Flag & ProcFlags.P_SYSTEM) == 0 && p != cp && CanSignal(cp, p, sig)) targets.Add(p);
        return SignalEach(targets, sig);
    }

    private Errno KillPgrp(Proc cp, Pgrp pg, int sig)
    {
        var targets = new List<Proc>();
        for (var p = pg.FirstMember; p != null; p = p.PgNext)
            if (p.Pid > 1 && (p.Flag & ProcFlags.P_SYSTEM) == 0 && p.Stat != ProcStat.SZOMB && CanSignal(cp, p, sig)) targets.Add(p);
        return SignalEach(targets, sig);
    }

    /// <summary>Post to a snapshot of targets: delivery may reshape the lists being walked.</summary>
    private Errno SignalEach(List<Proc> targets, int sig)
    {
        if (targets.Count == 0) return Errno.ESRCH;
        if (sig != 0)
            foreach (var p in targets) Psignal(p, sig);
        return Errno.OK;
    }

    /// <summary>pgsignal: post to every member of a group.</summary>
    public void PgSignal(Pgrp pg, int sig)
    {
        var members = new List<Proc>(Members(pg));
        foreach (var p in members) Psignal(p, sig);
    }

    /// <summary>
    /// psignal: post <paramref name="sig"/> to <paramref name="p"/>. SIGCONT clears pending stops and
    /// continues a stopped process (even when ignored, as POSIX asks); a stop clears a pending SIGCONT;
    /// ignored signals are dropped; a deliverable signal ends an interruptible sleep.
    /// </summary>
    public void Psignal(Proc p, int sig)
    {
        if (sig == 0 || p.Stat == ProcStat.SZOMB || (p.Flag & ProcFlags.P_WEXIT) != 0) return;
        if (Probes.Enabled) Fire(ProbeId.SignalSend, p, arg0: sig);
        var prop = Prop(sig);
        if ((prop & SigProp.Cont) != 0) p.SigList = p.SigList.Without(StopSignals);
        if ((prop & SigProp.Stop) != 0)
        {
            p.SigList.Remove(Sig.SIGCONT);
            // A terminal stop for an orphaned group would stop it for good: discard it.
            if ((prop & SigProp.TtyStop) != 0 && IsOrphaned(p.Pgrp) && p.Sigacts[sig].Handler == SigAction.SIG_DFL) return;
        }
        if ((prop & SigProp.Cont) != 0 && p.Stat == ProcStat.SSTOP) Continue(p, sig);
        if (IsDiscarded(p, sig) || p.Stat == ProcStat.SZOMB) return;
        p.SigList.Add(sig);
        if (sig == Sig.SIGKILL && p.Stat == ProcStat.SSTOP) Continue(p, sig);
        if (p.Stat == ProcStat.SSTOP || p.Stat == ProcStat.SIDL) return;
        NotifyLwps(p, sig);
    }

    /// <summary>
    /// p_sigignore: a signal set to SIG_IGN, or left at SIG_DFL when the default is to ignore it,
    /// is dropped when posted (SIGCONT's continuing was done before this test).
    /// </summary>
    private static bool IsDiscarded(Proc p, int sig)
    {
        var handler = p.Sigacts[sig].Handler;
        return handler == SigAction.SIG_IGN && sig != Sig.SIGKILL
            || handler == SigAction.SIG_DFL && (Prop(sig) & SigProp.Ignore) != 0;
    }

    /// <summary>Wake interruptible sleepers that do not mask the signal; deliver to idle API LWPs now.</summary>
    private void NotifyLwps(Proc p, int sig)
    {
        for (var lp = p.FirstLwp; lp != null; lp = lp.Next)
        {
            if (lp.SigMask.Has(sig) && !CantMask.Has(sig)) continue;
            if (lp.WChan != null)
            {
                if (lp.SleepCatchesSignals) Unsleep(lp, InterruptErrorFor(p, sig));
            }
            else
            {
                // The LWP takes the signal when it next runs (userret); API-driven LWPs run it then.
                SetRunQueue(lp);
            }
            return;
        }
    }

    /// <summary>SIGCONT (or SIGKILL) on a stopped process: it runs again; WCONTINUED can see it.</summary>
    private void Continue(Proc p, int sig)
    {
        p.Stat = ProcStat.SACTIVE;
        if (sig == Sig.SIGCONT) p.Flag |= ProcFlags.P_CONTINUED;
        for (var lp = p.FirstLwp; lp != null; lp = lp.Next)
        {
            if (lp.Stat == LwpStat.LSSTOP) lp.Stat = LwpStat.LSRUN;
            if (lp.Stat == LwpStat.LSRUN && (lp.Md != null || lp.Continuation != null)) SetRunQueue(lp);
        }
        if (p.Parent != null) Wakeup(p.Parent);
        // Signals left pending while it was stopped are taken when it next runs.
        if (p.FirstLwp is { WChan: null } first) SetRunQueue(first);
    }

    /// <summary>EINTR, or ERESTART when the handler asked for SA_RESTART.</summary>
    private static Errno InterruptErrorFor(Proc p, int sig) =>
        (p.Sigacts[sig].Flags & SaFlags.SA_RESTART) != 0 && p.Sigacts.IsCaught(sig) ? Errno.ERESTART : Errno.EINTR;

    /// <summary>The first signal that would be acted on now (pending, unmasked, not ignored), or 0.</summary>
    private static int FirstDeliverable(Lwp td)
    {
        var p = td.Proc;
        var pending = p.SigList.With(td.SigList).Without(td.SigMask.Without(CantMask));
        while (!pending.IsEmpty)
        {
            int sig = pending.First();
            if (!IsDiscarded(p, sig)) return sig;
            pending.Remove(sig);
        }
        return 0;
    }

    /// <summary>CURSIG_NOBLOCK: is a signal pending that would interrupt, without acting on stops.</summary>
    internal static bool CursigNoBlock(Lwp td) => FirstDeliverable(td) != 0;

    /// <summary>The error an interruptible sleep returns if a signal is deliverable now, or OK.</summary>
    private static Errno SignalInterruptError(Lwp td)
    {
        int sig = FirstDeliverable(td);
        return sig == 0 ? Errno.OK : InterruptErrorFor(td.Proc, sig);
    }

    /// <summary>
    /// userret: act on every deliverable signal before the LWP returns to user space
    /// (issignal + postsig).
    /// </summary>
    internal void Userret(Lwp td)
    {
        var p = td.Proc;
        int sig;
        while (p.Stat == ProcStat.SACTIVE && (p.Flag & ProcFlags.P_WEXIT) == 0 && (sig = FirstDeliverable(td)) != 0)
        {
            p.SigList.Remove(sig);
            td.SigList.Remove(sig);
            PostSig(td, sig);
        }
    }

    /// <summary>postsig: run the handler, or take the default action.</summary>
    private void PostSig(Lwp td, int sig)
    {
        var p = td.Proc;
        var action = p.Sigacts[sig];
        if (Probes.Enabled) Fire(ProbeId.SignalDeliver, td, arg0: sig);
        if (action.Handler > SigAction.SIG_IGN)
        {
            DeliverCaught(td, sig, 0);
            return;
        }
        // Default actions are not taken on init or system processes (issignal).
        if (p.Pid <= 1 || (p.Flag & ProcFlags.P_SYSTEM) != 0) return;
        var prop = Prop(sig);
        if ((prop & SigProp.Stop) != 0) Stop(p, sig);
        else if ((prop & (SigProp.Kill | SigProp.Core)) != 0) Exit1(td, Wait.Signaled(sig));
    }

    /// <summary>
    /// Enter the handler of a caught signal (SA_RESETHAND resets it first, except for SIGILL and
    /// SIGTRAP); an API-driven LWP only counts it, having no code to run.
    /// </summary>
    internal void DeliverCaught(Lwp td, int sig, ulong faultAddress)
    {
        var p = td.Proc;
        var action = p.Sigacts[sig];
        p.SignalsCaught++;
        if ((action.Flags & SaFlags.SA_RESETHAND) != 0 && sig != Sig.SIGILL && sig != Sig.SIGTRAP)
            p.Sigacts.Set(sig, default);
        Machine?.SendSignal(td, sig, action, faultAddress);
    }

    /// <summary>stop: the process stops; its parent learns through SIGCHLD and wait4(WUNTRACED).</summary>
    private void Stop(Proc p, int sig)
    {
        p.Stat = ProcStat.SSTOP;
        p.Xstat = sig;
        p.Flag &= ~ProcFlags.P_WAITED;
        for (var lp = p.FirstLwp; lp != null; lp = lp.Next)
            if (lp.Stat == LwpStat.LSRUN) lp.Stat = LwpStat.LSSTOP;
        var parent = p.Parent!;
        Psignal(parent, Sig.SIGCHLD);
        Wakeup(parent);
    }

    /// <summary>
    /// sigaction(2): EINVAL for a bad signal or for catching/ignoring SIGKILL and SIGSTOP.
    /// SA_NOCLDWAIT on SIGCHLD sets PS_NOCLDWAIT (never for init); ignoring a signal discards it if pending.
    /// </summary>
    public Errno SysSigaction(Lwp td, int sig, SigAction? act, out SigAction oact)
    {
        oact = default;
        if (!Sig.IsValid(sig)) return Errno.EINVAL;
        var p = td.Proc;
        oact = p.Sigacts[sig];
        if (act is not { } a) return Errno.OK;
        if ((sig == Sig.SIGKILL || sig == Sig.SIGSTOP) && a.Handler != SigAction.SIG_DFL) return Errno.EINVAL;
        a = a with { Mask = a.Mask.Without(CantMask) };
        p.Sigacts.Set(sig, a);
        if (sig == Sig.SIGCHLD) p.Sigacts.NoChildWait = (a.Flags & SaFlags.SA_NOCLDWAIT) != 0 && p.Pid != 1;
        if (a.Handler == SigAction.SIG_IGN || (a.Handler == SigAction.SIG_DFL && (Prop(sig) & SigProp.Ignore) != 0))
        {
            p.SigList.Remove(sig);
            for (var lp = p.FirstLwp; lp != null; lp = lp.Next) lp.SigList.Remove(sig);
        }
        return Errno.OK;
    }

    /// <summary>sigprocmask(2): SIG_BLOCK, SIG_UNBLOCK or SIG_SETMASK; SIGKILL and SIGSTOP stay unmasked.</summary>
    public Errno SysSigprocmask(Lwp td, int how, Sigset? set, out Sigset old)
    {
        old = td.SigMask;
        if (set is not { } s) return Errno.OK;
        s = s.Without(CantMask);
        switch (how)
        {
            case SIG_BLOCK: td.SigMask = td.SigMask.With(s); break;
            case SIG_UNBLOCK: td.SigMask = td.SigMask.Without(s); break;
            case SIG_SETMASK: td.SigMask = s; break;
            default: return Errno.EINVAL;
        }
        return Errno.OK;
    }
}
