/*
 * forkbomb [max] - fork as fast as possible until fork fails, bounded.
 *
 * Only the original process forks (a linear bomb: the count is exact).
 * Every child blocks in read(2) on a pipe whose write end only the original
 * holds; when the original closes it the children all see EOF and _exit(0),
 * so they stay alive, and count against kern.maxproc / RLIMIT_NPROC, until
 * the forking is over.  FreeBSD's fork1 fails with EAGAIN at either limit.
 * The loop stops after `max` forks (default 100000) if fork keeps working.
 * The original prints the count and errno, reaps everything and exits 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

int
main(int argc, char **argv)
{
	long max = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
	long n = 0, reaped = 0;
	int p[2], err = 0, st;
	char c;
	pid_t pid;

	if (pipe2(p, 0) == -1) {
		fprintf(stderr, "forkbomb: pipe2: %s\n", strerror(errno));
		return 1;
	}
	fflush(stdout);
	while (n < max) {
		pid = fork();
		if (pid == -1) {
			err = errno;
			break;
		}
		if (pid == 0) {
			close(p[1]);
			while (read(p[0], &c, 1) == -1 && errno == EINTR)
				;
			_exit(0);
		}
		n++;
	}
	if (err != 0)
		printf("forkbomb: %ld forks succeeded, then fork failed: errno %d (%s)\n",
		    n, err, strerror(err));
	else
		printf("forkbomb: %ld forks succeeded, stopped at the limit of %ld without a failure\n",
		    n, max);
	close(p[1]);			/* release the children */
	close(p[0]);
	for (;;) {
		pid = wait4(-1, &st, 0, NULL);
		if (pid > 0) {
			reaped++;
			continue;
		}
		if (errno == EINTR)
			continue;
		break;
	}
	printf("forkbomb: reaped %ld children\n", reaped);
	return 0;
}
