/*
 * sys/sysctl.h - sysctl(3) over __sysctl (202) and sysctlbyname(3) over
 * __sysctlbyname (570), as in FreeBSD libc.  MIB numbers are FreeBSD's.
 */
#ifndef _SYS_SYSCTL_H_
#define _SYS_SYSCTL_H_

#include <sys/types.h>

#define CTL_MAXNAME	24

#define CTL_KERN	1
#define CTL_VM		2
#define CTL_HW		6

#define KERN_OSTYPE	1
#define KERN_OSRELEASE	2
#define KERN_MAXPROC	6
#define KERN_MAXPROCPERUID 22

int	__sysctl(const int *name, u_int namelen, void *oldp, size_t *oldlenp,
	    const void *newp, size_t newlen);
int	__sysctlbyname(const char *name, size_t namelen, void *oldp,
	    size_t *oldlenp, const void *newp, size_t newlen);
int	sysctl(const int *name, u_int namelen, void *oldp, size_t *oldlenp,
	    const void *newp, size_t newlen);
int	sysctlbyname(const char *name, void *oldp, size_t *oldlenp,
	    const void *newp, size_t newlen);

#endif
