/*
 * t_libc - the guest libc itself: printf formatting, strings, strtol,
 * malloc/realloc/free, environ.  Needs no kernel feature beyond write,
 * break (or mmap) and exit, so it is the first thing to run on a new kernel.
 */
#include "tap.h"
#include <stdlib.h>
#include <limits.h>
#include <stdint.h>
#include <unistd.h>

#define FMT(want, ...) do {						\
	char b[128];							\
	int n = snprintf(b, sizeof(b), __VA_ARGS__);			\
	ok(strcmp(b, want) == 0 && n == (int)strlen(want),		\
	    "snprintf(%s) -> \"%s\"", #__VA_ARGS__, b);			\
} while (0)

int
main(int argc, char **argv)
{
	char buf[8], *end, tok[] = " a,b,,c ";

	ok(argc >= 1 && argv[argc] == NULL && environ != NULL, "argv is NULL-terminated, environ set");
	FMT("42 -7 4294967295", "%d %i %u", 42, -7, 4294967295U);
	FMT("ff FF 0x1f 17", "%x %X %#x %o", 255, 255, 31, 15);
	FMT("[   12][12   ][00012][+5][ 5]", "[%5d][%-5d][%05d][%+d][% d]", 12, 12, 12, 5, 5);
	FMT("-9223372036854775808 18446744073709551615", "%ld %lu", LONG_MIN, ULONG_MAX);
	FMT("[  abc][ab][x][%]", "[%5s][%.2s][%c][%%]", "abc", "abc", 'x');
	FMT("0x10000 (null)", "%p %s", (void *)0x10000, (char *)NULL);
	FMT("[  007][-3]", "[%5.3d][%*d]", 7, -2, -3);
	ok(snprintf(buf, sizeof(buf), "%s", "truncated!") == 10 && strcmp(buf, "truncat") == 0,
	    "snprintf truncates and returns the full length");

	ok(strlen("hello") == 5 && strcmp("abc", "abd") < 0 && strncmp("abcx", "abcy", 3) == 0,
	    "strlen/strcmp/strncmp");
	ok(strchr("hello", 'l') != NULL && *strchr("hello", 'l') == 'l' && strchr("hello", 'z') == NULL, "strchr");
	ok(strrchr("a/b/c", '/') != NULL && strcmp(strrchr("a/b/c", '/'), "/c") == 0, "strrchr");
	memset(buf, 0, sizeof(buf));
	memcpy(buf, "abcdef", 6);
	memmove(buf + 1, buf, 5);
	ok(memcmp(buf, "aabcde", 6) == 0, "memmove with overlap");
	ok(strcmp(strtok(tok, " ,"), "a") == 0 && strcmp(strtok(NULL, " ,"), "b") == 0 &&
	    strcmp(strtok(NULL, " ,"), "c") == 0 && strtok(NULL, " ,") == NULL, "strtok");

	ok(strtol("  -0x1f", &end, 0) == -31 && *end == '\0', "strtol base 0 hex");
	ok(strtol("0777", NULL, 0) == 511 && atoi("12abc") == 12, "strtol octal, atoi");
	errno = 0;
	ok(strtol("99999999999999999999", NULL, 10) == LONG_MAX && errno == ERANGE, "strtol overflow ERANGE");
	ok(strcmp(strerror(EAGAIN), "Resource temporarily unavailable") == 0, "strerror(EAGAIN)");

	char *p = malloc(10), *q;
	ok(p != NULL && ((uintptr_t)p & 15) == 0, "malloc is 16-byte aligned");
	strcpy(p, "123456789");
	q = realloc(p, 100000);
	ok(q != NULL && strcmp(q, "123456789") == 0, "realloc keeps contents");
	free(q);
	int *z = calloc(1000, sizeof(int)), zero = 1;
	for (int i = 0; z != NULL && i < 1000; i++)
		zero &= z[i] == 0;
	ok(z != NULL && zero, "calloc zeroes");
	free(z);
	void *big = malloc(8 << 20);
	ok(big != NULL, "malloc(8 MiB)");
	memset(big, 1, 8 << 20);
	free(big);
	ok(strdup("dup") != NULL, "strdup");
	return tap_done();
}
