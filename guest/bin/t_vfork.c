/*
 * t_vfork - vfork(2): the parent is suspended until the child execs or
 * exits, and the child borrows the parent's memory (FreeBSD: RFPPWAIT |
 * RFMEM).  The child only stores to memory and makes system calls, then
 * _exits: it must not return from main or use stdio (shared buffers).
 */
#include "tap.h"
#include <unistd.h>
#include <time.h>
#include <sys/wait.h>

static volatile int shared, step;
static volatile pid_t childpid;

int
main(void)
{
	pid_t pid, me = getpid();
	int st;

	pid = vfork();
	if (pid == 0) {
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		step = 1;
		childpid = getpid();
		nanosleep(&ts, NULL);	/* a running parent would see step == 1 now */
		sched_yield();
		step = 2;
		shared = 42;
		_exit(3);
	}
	/* We get here only after the child's _exit. */
	ok(pid > 0 && pid != me, "vfork returns the child's pid in the parent");
	ok(step == 2, "parent stayed suspended until the child exited (step %d)", step);
	ok(shared == 42, "child's store is visible in the parent (shared memory)");
	ok(childpid == pid, "child's getpid() equals what vfork returned");
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 3,
	    "vfork child's _exit(3) is reaped with status 3");

	/* A vfork child that execs a missing program comes back via _exit. */
	shared = 0;
	pid = vfork();
	if (pid == 0) {
		char *argv[] = { "nonexistent", NULL };
		execve("/nonexistent/program", argv, environ);
		shared = errno;
		_exit(127);
	}
	ok(shared == ENOENT, "failed execve in the vfork child: ENOENT seen by parent");
	ok(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 127, "and its _exit(127) is reaped");

	return tap_done();
}
