/*
 * t_lwp - DragonFly's lwp_create, lwp_gettid and extexit, and how fork and rfork treat a
 * process with several LWPs (seed 001_…:185-231 and 259-267). FreeBSD has no LWP calls:
 * there the test only checks that the profile says so (kern.ostype) and skips.
 */
#include "tap.h"
#include <unistd.h>
#include <sched.h>
#include <sys/lwp.h>
#include <sys/wait.h>
#include <sys/sysctl.h>
#include <sys/unistd.h>

static volatile int thread_ran;
static lwpid_t tid_seen_by_thread;
static char stack[16384] __attribute__((aligned(16)));

static void
thread_main(void *arg)
{
	tid_seen_by_thread = lwp_gettid();
	thread_ran = (int)(long)arg;
	extexit(EXTEXIT_LWP, 0, NULL);
}

int
main(void)
{
	char os[32];
	size_t len = sizeof(os);
	struct lwp_params params;
	lwpid_t tid1 = -1, tid2 = -1;
	pid_t pid;
	int st, spins;

	if (sysctlbyname("kern.ostype", os, &len, NULL, 0) != 0 || strcmp(os, "DragonFly") != 0) {
		ok(1, "# skip: %s has no lwp_create", os);
		return tap_done();
	}
	ok(lwp_gettid() == 0, "the first LWP's tid is 0 (p_lasttid starts at -1)");

	params.lwp_func = thread_main;
	params.lwp_arg = (void *)42L;
	params.lwp_stack = stack + sizeof(stack);
	params.lwp_tid1 = &tid1;
	params.lwp_tid2 = &tid2;
	ok(lwp_create(&params) == 0, "lwp_create succeeds");
	ok(tid1 == 1 && tid2 == 1, "the new LWP's tid (1) is copied out twice (%d, %d)", tid1, tid2);

	/* While two LWPs exist, rfork without RFPROC is refused (001_…:264-267). */
	ok(rfork(RFFDG) == -1 && errno == EINVAL, "rfork(RFFDG) with two LWPs fails EINVAL");

	/* fork copies only the calling LWP: the child has one, with tid 0. */
	pid = fork();
	if (pid == 0)
		_exit(lwp_gettid() == 0 ? 0 : 1);
	ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "fork of a threaded process gives a child whose only LWP has tid 0");

	for (spins = 0; !thread_ran && spins < 100000; spins++)
		sched_yield();
	ok(thread_ran == 42 && tid_seen_by_thread == 1, "the LWP ran with its argument and saw tid 1");

	params.lwp_tid1 = (lwpid_t *)8;	/* unmapped: the copyout fails and the LWP is rolled back */
	params.lwp_tid2 = NULL;
	ok(lwp_create(&params) == -1 && errno == EFAULT, "lwp_create with a bad tid pointer fails EFAULT");
	return tap_done();
}
