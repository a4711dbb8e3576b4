/*
 * t_signal - sigaction/kill/sigprocmask as in FreeBSD's kern_sig.c.
 * A signal a process sends itself is delivered before kill() returns to
 * user mode (FreeBSD posts it and ast() delivers it on the way out).
 */
#include "tap.h"
#include <unistd.h>
#include <signal.h>
#include <sys/wait.h>

static volatile sig_atomic_t got_usr1, got_usr2, got_chld, info_signo;

static void on_usr1(int sig) { got_usr1 = sig; }
static void on_usr2(int sig) { got_usr2++; }
static void on_chld(int sig) { got_chld++; }
static void
on_info(int sig, siginfo_t *si, void *uc)
{
	info_signo = si != NULL ? si->si_signo : -1;
}

int
main(void)
{
	struct sigaction sa, old;
	sigset_t set;
	pid_t pid;
	int st, r;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	ok(sigaction(SIGUSR1, &sa, NULL) == 0, "sigaction(SIGUSR1) installs a handler");
	ok(kill(getpid(), SIGUSR1) == 0 && got_usr1 == SIGUSR1,
	    "kill(getpid(), SIGUSR1) runs the handler with signo %d (got %d)", SIGUSR1, got_usr1);
	ok(sigaction(SIGUSR1, NULL, &old) == 0 && old.sa_handler == on_usr1,
	    "sigaction returns the old handler");

	/* SA_SIGINFO handler gets a siginfo with si_signo. */
	sa.sa_sigaction = on_info;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	kill(getpid(), SIGUSR2);
	ok(info_signo == SIGUSR2, "SA_SIGINFO handler sees si_signo %d (got %d)", SIGUSR2, info_signo);

	/* Blocked signals stay pending until unblocked. */
	sa.sa_handler = on_usr2;
	sa.sa_flags = 0;
	sigaction(SIGUSR2, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGUSR2);
	r = got_usr2;
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	ok(r == 0 && got_usr2 == 1, "blocked SIGUSR2 is held, then delivered once on unblock");

	/* SIG_IGN discards the signal. */
	signal(SIGUSR1, SIG_IGN);
	got_usr1 = 0;
	ok(kill(getpid(), SIGUSR1) == 0 && got_usr1 == 0, "ignored SIGUSR1 does nothing");

	/* SIGCHLD is posted to the parent when a child exits. */
	sa.sa_handler = on_chld;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGCHLD, &sa, NULL);
	pid = fork();
	if (pid == 0)
		_exit(0);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	ok(got_chld >= 1, "SIGCHLD handler ran when the child exited (%d)", got_chld);

	/* Default action of SIGTERM kills; the status is the signal number. */
	pid = fork();
	if (pid == 0) {
		kill(getpid(), SIGTERM);
		_exit(0);
	}
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "SIGTERM's default action kills (status 0x%x)", st);

	ok(kill(getpid(), 0) == 0, "kill(self, 0) probes successfully");
	ok(FAILS_WITH(kill(getpid(), 200), EINVAL), "kill with signal 200 fails EINVAL");
	ok(FAILS_WITH(kill(getpid(), -1), EINVAL), "kill with signal -1 fails EINVAL");
	ok(FAILS_WITH(kill(99999, SIGUSR1), ESRCH), "kill of pid 99999 fails ESRCH");
	ok(FAILS_WITH(sigaction(SIGKILL, &sa, NULL), EINVAL), "catching SIGKILL fails EINVAL");

	return tap_done();
}
