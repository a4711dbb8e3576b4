/*
 * t_rfork - rfork(2) flag semantics as in FreeBSD's sys_rfork/fork1.
 */
#include "tap.h"
#include <unistd.h>
#include <sys/wait.h>
#include <sys/sysctl.h>
#include <string.h>

/* kern.ostype tells the profile apart: the two kernels differ on kernel-only flags. */
static int
is_dragonfly(void)
{
	char os[32];
	size_t len = sizeof(os);

	return sysctlbyname("kern.ostype", os, &len, NULL, 0) == 0 && strcmp(os, "DragonFly") == 0;
}

static volatile int shared;
static char stack[16384] __attribute__((aligned(16)));

static int
child_writes(void *arg)
{
	shared = (int)(long)arg;	/* lands in the parent's memory with RFMEM */
	return 9;
}

int
main(void)
{
	pid_t me = getpid(), pid, r;
	int st;

	/* 1-2: RFPROC|RFFDG is fork(2). */
	pid = rfork(RFPROC | RFFDG);
	if (pid == 0)
		_exit(getppid() == me ? 5 : 1);
	ok(pid > 0 && pid != me, "rfork(RFPROC|RFFDG) returns a child pid");
	ok(waitpid(pid, &st, 0) == pid && st == 5 << 8, "its child exits 5 (status 0x%x)", st);

	/* 3: without RFPROC no process is made; 0 comes back in the same process. */
	r = rfork(RFFDG);
	ok(r == 0 && getpid() == me, "rfork(RFFDG) without RFPROC returns 0 in the caller");

	/* 4: RFFDG and RFCFDG together are contradictory. */
	r = rfork(RFPROC | RFFDG | RFCFDG);
	if (r == 0)
		_exit(99);		/* a wrongly created child must not run the tests */
	if (r > 0)
		waitpid(r, &st, 0);
	ok(FAILS_WITH(r, EINVAL), "rfork(RFPROC|RFFDG|RFCFDG) fails EINVAL");

	/* 5: RFKERNELONLY bits (RFPPWAIT is in both systems' set): DragonFly's sys_rfork refuses
	 * them with EINVAL; FreeBSD's rfork masks them off, so the call forks normally. */
	r = rfork(RFPROC | RFPPWAIT);
	if (r == 0)
		_exit(0);
	if (r > 0)
		waitpid(r, &st, 0);
	if (is_dragonfly())
		ok(FAILS_WITH(r, EINVAL), "rfork(RFPROC|RFPPWAIT) fails EINVAL (DragonFly refuses kernel-only flags)");
	else
		ok(r > 0, "rfork(RFPROC|RFPPWAIT) forks with the flag masked off (FreeBSD)");

	/* 6-7: RFMEM shares memory: the child's store is seen by the parent.
	 * The child runs on its own stack (rfork_thread), as it must. */
	shared = 0;
	pid = rfork_thread(RFPROC | RFMEM, stack + sizeof(stack), child_writes, (void *)77L);
	ok(pid > 0, "rfork_thread(RFPROC|RFMEM) returns a child pid");
	ok(pid > 0 && waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 9 && shared == 77,
	    "RFMEM child's write is visible in the parent (shared=%d)", shared);

	/* 8: RFCFDG child starts with an empty descriptor table. */
	pid = rfork(RFPROC | RFCFDG);
	if (pid == 0)
		_exit(write(1, "x", 1) == -1 && errno == EBADF ? 0 : 1);
	ok(pid > 0 && waitpid(pid, &st, 0) == pid && st == 0,
	    "RFCFDG child: write(1) fails EBADF (status 0x%x)", st);

	/* 9: the parent's descriptors are untouched by any of that. */
	ok(write(1, "", 0) == 0, "parent's fd 1 still open");

	return tap_done();
}
