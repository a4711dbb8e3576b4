/*
 * hello - print "hello, world", then fork: parent and child each print a
 * line with their pid; the parent waits for the child and exits 0.
 */
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>
#include <errno.h>
#include <string.h>

int
main(void)
{
	pid_t pid, w;
	int st;

	printf("hello, world\n");
	pid = fork();
	if (pid == -1) {
		printf("fork failed: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		printf("child: pid %d, parent %d\n", getpid(), getppid());
		return 0;
	}
	w = waitpid(pid, &st, 0);
	printf("parent: pid %d, fork returned %d, child exit status %d\n",
	    getpid(), pid, w == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return 0;
}
