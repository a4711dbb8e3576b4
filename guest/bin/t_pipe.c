/*
 * t_pipe - pipe2(2) and pipe I/O semantics (FreeBSD sys_pipe.c).
 */
#include "tap.h"
#include <unistd.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>

int
main(void)
{
	int p[2] = { -1, -1 }, st;
	char buf[64];
	ssize_t n;
	pid_t pid;

	ok(pipe2(p, 0) == 0 && p[0] >= 0 && p[1] >= 0 && p[0] != p[1],
	    "pipe2 returns two descriptors (%d, %d)", p[0], p[1]);

	/* Data written by a child is read by the parent. */
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		_exit(write(p[1], "hello", 5) == 5 ? 0 : 1);
	}
	close(p[1]);
	n = read(p[0], buf, sizeof(buf));
	ok(n == 5 && memcmp(buf, "hello", 5) == 0, "parent reads what the child wrote (%ld bytes)", (long)n);

	/* With every write end closed (ours above, the child's at exit): EOF. */
	waitpid(pid, &st, 0);
	ok(read(p[0], buf, sizeof(buf)) == 0, "read returns 0 (EOF) once all writers are gone");
	close(p[0]);

	/* Writing with no reader: EPIPE when SIGPIPE is ignored... */
	signal(SIGPIPE, SIG_IGN);
	pipe2(p, 0);
	close(p[0]);
	ok(FAILS_WITH(write(p[1], "x", 1), EPIPE), "write with no reader fails EPIPE (SIGPIPE ignored)");
	close(p[1]);

	/* ...and SIGPIPE kills a writer that did not ignore it. */
	signal(SIGPIPE, SIG_DFL);
	pipe2(p, 0);
	close(p[0]);
	pid = fork();
	if (pid == 0) {
		write(p[1], "x", 1);
		_exit(0);
	}
	close(p[1]);
	ok(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE,
	    "writer with default SIGPIPE is killed by SIGPIPE (status 0x%x)", st);

	/* Flags: O_CLOEXEC and O_NONBLOCK are accepted, anything else EINVAL. */
	ok(pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0, "pipe2(O_CLOEXEC|O_NONBLOCK) succeeds");
	close(p[0]);
	close(p[1]);
	ok(FAILS_WITH(pipe2(p, O_APPEND), EINVAL), "pipe2 with another flag fails EINVAL");

	/* (FreeBSD pipes are bidirectional: both ends are FREAD|FWRITE, so
	 * reading the "write end" is not an error there; not tested.) */
	ok(FAILS_WITH(close(p[0]), EBADF), "closing a closed descriptor fails EBADF");

	return tap_done();
}
