/*
 * runtests [NAME...] - run the guest test programs one after another.
 *
 * Each test (default: every t_* below) is forked and exec'd from /bin with
 * its output going straight to ours; a test passes when it exits 0.  The
 * last line is the plain "N passed, N failed" summary CI understands, and
 * the exit status is 1 if anything failed.  Usage under Kfork:
 *     kfork run --root guest/build /bin/runtests
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

static char *defaults[] = {
	"t_libc", "t_fork", "t_vfork", "t_rfork", "t_exec", "t_cow", "t_signal",
	"t_pipe", "t_sysctl", "t_kqueue", "t_lwp", "t_limits", NULL,	/* t_limits drops root: last */
};

int
main(int argc, char **argv)
{
	char **names = argc > 1 ? argv + 1 : defaults;
	int passed = 0, failed = 0, st;
	char path[256];

	for (; *names != NULL; names++) {
		snprintf(path, sizeof(path), "/bin/%s", *names);
		printf("# %s\n", path);
		fflush(stdout);
		pid_t pid = fork();
		if (pid == -1) {
			printf("# %s: fork: %s\n", *names, strerror(errno));
			failed++;
			continue;
		}
		if (pid == 0) {
			char *av[] = { *names, NULL };
			execve(path, av, environ);
			fprintf(stderr, "runtests: %s: %s\n", path, strerror(errno));
			_exit(127);
		}
		while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
			;
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
			passed++;
			printf("# %s: PASS\n", *names);
		} else {
			failed++;
			if (WIFSIGNALED(st))
				printf("# %s: FAIL (killed by signal %d)\n", *names, WTERMSIG(st));
			else
				printf("# %s: FAIL (exit %d)\n", *names, WEXITSTATUS(st));
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
