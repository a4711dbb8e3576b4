/* stdlib.c - exit/atexit/abort, number parsing, getenv. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <unistd.h>

#define NATEXIT	32

static void (*atexit_fn[NATEXIT])(void);
static int natexit;

int
atexit(void (*fn)(void))
{
	if (natexit >= NATEXIT)
		return -1;
	atexit_fn[natexit++] = fn;
	return 0;
}

/* exit(3): atexit handlers in reverse order, flush stdout, then exit(2). */
void
exit(int status)
{
	while (natexit > 0)
		atexit_fn[--natexit]();
	fflush(stdout);
	fflush(stderr);
	_exit(status);
}

/*
 * abort(3) as in FreeBSD: SIGABRT cannot be blocked or ignored away; if a
 * handler returns, reset to the default and raise again.
 */
void
abort(void)
{
	sigset_t set;

	fflush(stdout);
	sigemptyset(&set);
	sigaddset(&set, SIGABRT);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	kill(getpid(), SIGABRT);
	signal(SIGABRT, SIG_DFL);
	kill(getpid(), SIGABRT);
	_exit(128 + SIGABRT);		/* only if signals do not work at all */
}

int
abs(int v)
{
	return v < 0 ? -v : v;
}

long
labs(long v)
{
	return v < 0 ? -v : v;
}

static int
digitval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'z') return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
	return 99;
}

/* Parses magnitude into *mag (saturating); returns 1 on overflow. */
static int
parse(const char *s, char **end, int base, unsigned long *mag, int *neg)
{
	const char *p = s, *first;
	unsigned long v = 0;
	int over = 0;

	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	*neg = 0;
	if (*p == '+' || *p == '-')
		*neg = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digitval(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0)
		base = p[0] == '0' ? 8 : 10;
	first = p;
	for (; digitval(*p) < base; p++) {
		unsigned long d = (unsigned long)digitval(*p);
		if (v > (ULONG_MAX - d) / (unsigned long)base)
			over = 1;
		else
			v = v * (unsigned long)base + d;
	}
	if (end != NULL)
		*end = (char *)(p == first ? s : p);	/* no digits: nothing consumed */
	*mag = v;
	return over;
}

long
strtol(const char *s, char **end, int base)
{
	unsigned long mag;
	int neg;
	int over = parse(s, end, base, &mag, &neg);

	if (!neg && (over || mag > (unsigned long)LONG_MAX)) {
		errno = ERANGE;
		return LONG_MAX;
	}
	if (neg && (over || mag > (unsigned long)LONG_MAX + 1)) {
		errno = ERANGE;
		return LONG_MIN;
	}
	return neg ? (long)(0 - mag) : (long)mag;
}

unsigned long
strtoul(const char *s, char **end, int base)
{
	unsigned long mag;
	int neg;

	if (parse(s, end, base, &mag, &neg)) {
		errno = ERANGE;
		return ULONG_MAX;
	}
	return neg ? 0 - mag : mag;
}

long
atol(const char *s)
{
	return strtol(s, NULL, 10);
}

int
atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

char *
getenv(const char *name)
{
	size_t n = strlen(name);

	if (environ == NULL)
		return NULL;
	for (char **e = environ; *e != NULL; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}
