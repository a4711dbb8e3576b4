/* sys/resource.h - getrlimit/setrlimit (GUEST_ABI.md = FreeBSD values). */
#ifndef _SYS_RESOURCE_H_
#define _SYS_RESOURCE_H_

#include <sys/types.h>

#define RLIMIT_CPU	0
#define RLIMIT_FSIZE	1
#define RLIMIT_DATA	2
#define RLIMIT_STACK	3
#define RLIMIT_CORE	4
#define RLIMIT_RSS	5
#define RLIMIT_MEMLOCK	6
#define RLIMIT_NPROC	7
#define RLIMIT_NOFILE	8

typedef int64_t rlim_t;
#define RLIM_INFINITY	((rlim_t)(((uint64_t)1 << 63) - 1))

struct rlimit {
	rlim_t	rlim_cur;	/* soft limit */
	rlim_t	rlim_max;	/* hard limit */
};

int	getrlimit(int resource, struct rlimit *rlp);
int	setrlimit(int resource, const struct rlimit *rlp);

#endif
