/*
 * sleep SECONDS - pause for SECONDS, which may have a fraction ("0.25"),
 * parsed by hand since there is no floating point in rv64ima.
 * Like FreeBSD's sleep(1), an interrupted nanosleep is resumed.
 */
#include <stdio.h>
#include <errno.h>
#include <time.h>

int
main(int argc, char **argv)
{
	struct timespec ts = { 0, 0 }, rem;
	const char *p;
	long scale = 100000000;

	if (argc != 2) {
		fprintf(stderr, "usage: sleep seconds\n");
		return 1;
	}
	for (p = argv[1]; *p >= '0' && *p <= '9'; p++)
		ts.tv_sec = ts.tv_sec * 10 + (*p - '0');
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
			ts.tv_nsec += (*p - '0') * scale;
	if (*p != '\0' || p == argv[1]) {
		fprintf(stderr, "sleep: invalid time interval: %s\n", argv[1]);
		return 1;
	}
	while (nanosleep(&ts, &rem) == -1) {
		if (errno != EINTR) {
			perror("sleep: nanosleep");
			return 1;
		}
		ts = rem;
	}
	return 0;
}
