/*
 * t_exec - execve(2): arguments reach the new image; ENOENT, ENOEXEC, E2BIG.
 * FreeBSD's ARG_MAX is 256 KiB (512 KiB on newer releases); we pass ~4 MB.
 */
#include "tap.h"
#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/wait.h>

/* Runs argv[0] with argv in a child, stdout to a pipe; returns status, output in buf. */
static int
capture(const char *path, char *const argv[], char *buf, size_t n)
{
	int p[2], st = -1;
	size_t len = 0;
	ssize_t r;
	pid_t pid;

	if (pipe2(p, 0) == -1)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execve(path, argv, environ);
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(p[1]);
	while (len + 1 < n && (r = read(p[0], buf + len, n - 1 - len)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		len += (size_t)r;
	}
	buf[len] = '\0';
	close(p[0]);
	waitpid(pid, &st, 0);
	return st;
}

int
main(void)
{
	char out[256];
	int st, fd;
	pid_t pid;

	char *eargv[] = { "echo", "hello", "two words", NULL };
	st = capture("/bin/echo", eargv, out, sizeof(out));
	ok(st == 0 && strcmp(out, "hello two words\n") == 0,
	    "execve /bin/echo with arguments (status 0x%x, output \"%s\")", st, out);

	char *nargv[] = { "missing", NULL };
	ok(FAILS_WITH(execve("/nonexistent/missing", nargv, environ), ENOENT),
	    "execve of a missing file fails ENOENT (and returns)");

	/* A file that is not an ELF image: ENOEXEC (no #! support assumed). */
	fd = open("/tmp/t_exec.junk", O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd >= 0) {
		write(fd, "this is not an ELF file\n", 24);
		close(fd);
	}
	ok(FAILS_WITH(execve("/tmp/t_exec.junk", nargv, environ), ENOEXEC),
	    "execve of a non-ELF file fails ENOEXEC");
	unlink("/tmp/t_exec.junk");

	/* E2BIG: 1024 arguments of 4000 bytes (so each malloc block, header
	 * included, fits malloc's 4 KiB size class). In a child with stdout to
	 * /dev/null, so a wrongly successful exec cannot flood the TAP output;
	 * 42 (not echo's 0) says execve returned E2BIG. */
	pid = fork();
	if (pid == 0) {
		enum { N = 1024, LEN = 4000 };
		char **big = malloc((N + 1) * sizeof(char *));
		for (int i = 0; big != NULL && i < N; i++) {
			if ((big[i] = malloc(LEN)) == NULL)
				_exit(2);
			memset(big[i], 'a' + i % 26, LEN - 1);
			big[i][LEN - 1] = '\0';
		}
		if (big == NULL)
			_exit(2);
		big[N] = NULL;
		if ((fd = open("/dev/null", O_WRONLY)) >= 0)
			dup2(fd, 1);
		execve("/bin/echo", big, environ);
		_exit(errno == E2BIG ? 42 : 1);
	}
	ok(pid > 0 && waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 42,
	    "execve with a ~4 MB argv fails E2BIG (status 0x%x)", st);

	return tap_done();
}
