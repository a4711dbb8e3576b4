/*
 * t_limits - getrlimit/setrlimit and RLIMIT_NPROC enforcement in fork.
 *
 * FreeBSD's fork1 charges the child to the real uid (chgproccnt) against
 * RLIMIT_NPROC, but root passes (PRIV_PROC_LIMIT); DragonFly exempts uid 0
 * too.  So the test first drops to an unprivileged uid.
 */
#include "tap.h"
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define LIMIT	5

int
main(void)
{
	struct rlimit rl, small;
	int p[2], n = 0, err = 0, st, reaped = 0;
	char c;
	pid_t pid;

	ok(getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur > 0 && rl.rlim_cur <= rl.rlim_max,
	    "getrlimit(RLIMIT_NPROC) = %ld / %ld", (long)rl.rlim_cur, (long)rl.rlim_max);
	ok(FAILS_WITH(getrlimit(99, &rl), EINVAL), "getrlimit of an unknown resource fails EINVAL");

	if (getuid() == 0 && setuid(1001) == -1)
		diag("setuid(1001)", -1);
	ok(getuid() != 0, "running unprivileged (uid %u)", getuid());

	small.rlim_cur = small.rlim_max = LIMIT;
	ok(setrlimit(RLIMIT_NPROC, &small) == 0, "setrlimit(RLIMIT_NPROC, %d)", LIMIT);
	ok(getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur == LIMIT && rl.rlim_max == LIMIT,
	    "getrlimit reads it back");
	small.rlim_max = LIMIT + 1;
	ok(FAILS_WITH(setrlimit(RLIMIT_NPROC, &small), EPERM),
	    "raising the hard limit unprivileged fails EPERM");
	/* cur > max: FreeBSD and DragonFly want privilege for it (root gets cur
	 * clamped to max; there is no EINVAL case as on Linux). */
	small.rlim_cur = LIMIT + 1;
	small.rlim_max = LIMIT;
	ok(FAILS_WITH(setrlimit(RLIMIT_NPROC, &small), EPERM),
	    "soft limit above the hard limit unprivileged fails EPERM");

	/* Fork children that wait on a pipe until fork fails. */
	if (pipe2(p, 0) == -1)
		return tap_done();
	while (n < 100) {
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
	close(p[1]);
	close(p[0]);
	while ((pid = wait4(-1, &st, 0, NULL)) > 0 || errno == EINTR)
		if (pid > 0)
			reaped++;
	/* This process counts as one of the uid's LIMIT processes. */
	ok(err == EAGAIN, "fork fails EAGAIN at the limit (errno %d)", err);
	ok(n == LIMIT - 1, "exactly %d forks succeeded (got %d)", LIMIT - 1, n);
	ok(reaped == n, "all %d children reaped", n);

	return tap_done();
}
