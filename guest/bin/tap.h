/*
 * tap.h - Test Anything Protocol helpers shared by the t_* programs.
 * Only the original test process prints; children report through their exit
 * status.  Each line is flushed at once so nothing is duplicated by fork.
 * Usage: ok(cond, "description", ...) per test, then `return tap_done();`
 * (prints the plan "1..N" and returns 1 if any test failed).
 */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>
#include <stdarg.h>
#include <errno.h>
#include <string.h>

static int tap_n, tap_failed;

static __attribute__((format(printf, 2, 3))) int
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return cond;
}

/* For "fails with E": call returned -1 and errno is E. */
#define FAILS_WITH(r, e)	((r) == -1 && errno == (e))

static __attribute__((unused)) void
diag(const char *what, long r)
{
	printf("# %s returned %ld, errno %d (%s)\n", what, r, errno, strerror(errno));
	fflush(stdout);
}

static int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	if (tap_failed)
		printf("# %d of %d tests failed\n", tap_failed, tap_n);
	fflush(stdout);
	return tap_failed != 0;
}

#endif
