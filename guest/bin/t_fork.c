/*
 * t_fork - fork(2) and wait4(2) semantics (FreeBSD kern_fork.c/kern_exit.c).
 */
#include "tap.h"
#include <unistd.h>
#include <signal.h>
#include <time.h>
#include <sys/wait.h>

int
main(void)
{
	pid_t me = getpid(), pid, w;
	int st, bad;

	/* 1-2: fork returns twice; the child has its own pid and we are its parent. */
	pid = fork();
	if (pid == 0)
		_exit(getpid() != me && getppid() == me ? 7 : 1);
	ok(pid > 0 && pid != me, "fork returns the child's pid (%d) in the parent", pid);
	w = wait4(pid, &st, 0, NULL);
	ok(w == pid && st == 7 << 8,
	    "child saw a new pid and getppid() == parent (status 0x%x)", st);

	/* 3: exit codes 0..255 come back as (code << 8), WIFEXITED, WEXITSTATUS. */
	bad = -1;
	for (int code = 0; code < 256 && bad < 0; code++) {
		pid = fork();
		if (pid == 0)
			_exit(code);
		if (pid < 0 || wait4(pid, &st, 0, NULL) != pid || st != code << 8 ||
		    !WIFEXITED(st) || WIFSIGNALED(st) || WEXITSTATUS(st) != code)
			bad = code;
	}
	ok(bad < 0, "wait4 status encodes exit codes 0..255 as code << 8 (first bad: %d)", bad);

	/* 4: _exit(256 + 5) reports 5: only the low 8 bits survive. */
	pid = fork();
	if (pid == 0)
		_exit(256 + 5);
	ok(wait4(pid, &st, 0, NULL) == pid && WEXITSTATUS(st) == 5, "exit code is masked to 8 bits");

	/* 5-7: WNOHANG while the child runs; bad option EINVAL; killed status. */
	pid = fork();
	if (pid == 0) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		for (int i = 0; i < 1000; i++)		/* at most ~10 s, never forever */
			nanosleep(&ts, NULL);
		_exit(0);
	}
	w = wait4(pid, &st, WNOHANG, NULL);
	ok(w == 0, "WNOHANG returns 0 while the child runs (got %d)", w);
	w = wait4(-1, &st, 0x100, NULL);
	ok(FAILS_WITH(w, EINVAL), "wait4 with an unknown option bit fails EINVAL");
	kill(pid, SIGKILL);
	w = wait4(pid, &st, 0, NULL);
	ok(w == pid && st == SIGKILL && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	    "SIGKILLed child reports status == signo (0x%x)", st);

	/* 8: nothing left to wait for. */
	w = wait4(-1, &st, 0, NULL);
	ok(FAILS_WITH(w, ECHILD), "wait4 with no children fails ECHILD");

	/* 9: waiting for a pid that is not our child is ECHILD too. */
	w = wait4(1, &st, WNOHANG, NULL);
	ok(FAILS_WITH(w, ECHILD), "wait4 for a non-child pid fails ECHILD");

	return tap_done();
}
