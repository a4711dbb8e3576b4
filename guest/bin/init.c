/*
 * init PATH ARGS... - pid 1 of a Kfork boot.
 *
 * Forks; the child execs PATH with argv = { PATH, ARGS..., NULL } (so
 * `init /bin/sh -c 'echo hi'` runs sh with argv[0] "/bin/sh", as
 * `kfork run PATH ARGS...` reads) and the environment "PATH=/bin".  The parent then reaps every child, its own
 * and the orphans the kernel reparents to pid 1, until the program it
 * started has exited and wait4 says ECHILD.  It exits with that program's
 * exit code, or 128 + signo if a signal ended it (as sh and kfork report).
 *
 * FreeBSD's kern_wait6 counts a child whose exit signal is not SIGCHLD
 * (rfork RFLINUXTHPN) only for WLINUXCLONE waits, so after ECHILD we also
 * look for those, polling gently while any are still running.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

static int
code_of(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 255;
}

int
main(int argc, char **argv)
{
	static char *const envp[] = { "PATH=/bin", NULL };
	int st, code = 255, done = 0;
	pid_t child, w;

	if (argc < 2) {
		fprintf(stderr, "usage: init PATH [ARGS...]\n");
		return 2;
	}
	child = fork();
	if (child == -1) {
		fprintf(stderr, "init: fork: %s\n", strerror(errno));
		return 255;
	}
	if (child == 0) {
		execve(argv[1], argv + 1, envp);
		fprintf(stderr, "init: %s: %s\n", argv[1], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);	/* sh's convention */
	}

	for (;;) {
		w = wait4(-1, &st, 0, NULL);
		if (w == child) {
			code = code_of(st);
			done = 1;
			continue;
		}
		if (w > 0)
			continue;		/* an orphan, reaped */
		if (errno == EINTR)
			continue;
		if (errno != ECHILD) {
			fprintf(stderr, "init: wait4: %s\n", strerror(errno));
			break;
		}
		/* No SIGCHLD children left; any non-SIGCHLD ones? */
		w = wait4(-1, &st, WLINUXCLONE | WNOHANG, NULL);
		if (w > 0)
			continue;
		if (w == 0) {			/* some still running */
			struct timespec ts = { 0, 10 * 1000 * 1000 };
			nanosleep(&ts, NULL);
			continue;
		}
		if (done)
			break;
		/* ECHILD before our child was seen: cannot happen; do not spin. */
		fprintf(stderr, "init: lost child %d\n", child);
		break;
	}
	return code;
}
