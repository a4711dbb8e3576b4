/*
 * t_sysctl - sysctl(3)/sysctlbyname(3) for the names GUEST_ABI.md promises.
 */
#include "tap.h"
#include <stdint.h>
#include <unistd.h>
#include <sys/sysctl.h>
#include <sys/wait.h>

/* Reads an integer sysctl whatever its width (FreeBSD's vm.stats counters
 * are 64-bit but also answer a 4-byte request; kern.maxproc is an int). */
static int
readnum(const char *name, int64_t *v)
{
	union { int32_t i; int64_t l; } u = { .l = 0 };
	size_t len = sizeof(u);

	if (sysctlbyname(name, &u, &len, NULL, 0) == -1)
		return -1;
	*v = len == 4 ? u.i : u.l;
	return len == 4 || len == 8 ? 0 : -1;
}

int
main(void)
{
	char os[32], os2[32], rel[64];
	size_t len = sizeof(os), need = 0, len2 = sizeof(os2);
	int mib[2] = { CTL_KERN, KERN_OSTYPE }, st, isfreebsd;
	int64_t maxproc, peruid, lastpid, f0, f1;
	const char *counter;
	pid_t pid;

	ok(sysctlbyname("kern.ostype", os, &len, NULL, 0) == 0 &&
	    (strcmp(os, "FreeBSD") == 0 || strcmp(os, "DragonFly") == 0),
	    "kern.ostype is \"%s\"", len <= sizeof(os) ? os : "?");
	ok(len == strlen(os) + 1, "its length %lu includes the NUL", (unsigned long)len);
	isfreebsd = strcmp(os, "FreeBSD") == 0;

	ok(sysctlbyname("kern.ostype", NULL, &need, NULL, 0) == 0 && need >= len,
	    "size query with oldp == NULL returns %lu", (unsigned long)need);
	ok(sysctl(mib, 2, os2, &len2, NULL, 0) == 0 && strcmp(os, os2) == 0,
	    "sysctl {CTL_KERN, KERN_OSTYPE} agrees");

	len = sizeof(rel);
	ok(sysctlbyname("kern.osrelease", rel, &len, NULL, 0) == 0 && len > 1,
	    "kern.osrelease is \"%s\"", len <= sizeof(rel) ? rel : "?");

	ok(readnum("kern.maxproc", &maxproc) == 0 && maxproc > 0, "kern.maxproc = %ld", (long)maxproc);
	ok(readnum("kern.maxprocperuid", &peruid) == 0 && peruid > 0 && peruid <= maxproc,
	    "kern.maxprocperuid = %ld", (long)peruid);

	/* DragonFly 1.x's fork1 compares the flags without the RFPGLOCK that sys_fork adds, so
	 * there every fork is counted in v_rforks (seed 000, lines 505-516). */
	counter = rel[0] == '1' && rel[1] == '.' ? "vm.stats.vm.v_rforks" : "vm.stats.vm.v_forks";
	ok(readnum(counter, &f0) == 0, "%s = %ld", counter, (long)f0);
	pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, &st, 0);
	ok(readnum(counter, &f1) == 0 && f1 > f0, "%s counts a fork (%ld -> %ld)", counter,
	    (long)f0, (long)f1);
	ok(readnum("kern.lastpid", &lastpid) == 0 && lastpid > 0, "kern.lastpid = %ld (last child %d)",
	    (long)lastpid, pid);

	if (isfreebsd) {
		int64_t v;
		ok(readnum("kern.randompid", &v) == 0, "kern.randompid readable (FreeBSD)");
		ok(readnum("kern.fast_vfork", &v) == 0, "kern.fast_vfork readable (FreeBSD)");
	}

	len = sizeof(os);
	ok(FAILS_WITH(sysctlbyname("kern.no_such_name", os, &len, NULL, 0), ENOENT),
	    "an unknown name fails ENOENT");
	len = 2;
	ok(FAILS_WITH(sysctlbyname("kern.ostype", os, &len, NULL, 0), ENOMEM),
	    "a too-small buffer fails ENOMEM");

	return tap_done();
}
