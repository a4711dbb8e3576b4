/*
 * forkloop N - fork, _exit and wait N times; the benchmark of a whole guest fork cycle
 * (fork in the parent and in the child, exit, wait4) as a program sees it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000, i;
	int st;

	for (i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == -1) {
			perror("fork");
			return 1;
		}
		if (pid == 0)
			_exit(0);
		if (waitpid(pid, &st, 0) != pid || st != 0) {
			printf("forkloop: wait failed at %ld\n", i);
			return 1;
		}
	}
	printf("forkloop: %ld forks\n", n);
	return 0;
}
