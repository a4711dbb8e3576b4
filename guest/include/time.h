/* time.h - clock_gettime and nanosleep; clock ids are FreeBSD's. */
#ifndef _TIME_H_
#define _TIME_H_

#include <sys/types.h>

struct timespec {
	int64_t	tv_sec;
	int64_t	tv_nsec;
};

#define CLOCK_REALTIME		0
#define CLOCK_VIRTUAL		1
#define CLOCK_PROF		2
#define CLOCK_MONOTONIC		4
#define CLOCK_UPTIME		5
#define CLOCK_PROCESS_CPUTIME_ID 15

int	clock_gettime(clockid_t clock, struct timespec *ts);
int	nanosleep(const struct timespec *req, struct timespec *rem);

#endif
