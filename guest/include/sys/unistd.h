/*
 * sys/unistd.h - rfork(2) flags, GUEST_ABI.md's values (= FreeBSD's, plus
 * DragonFly's RFPGLOCK).  RFKERNELONLY differs between the two systems.
 */
#ifndef _SYS_UNISTD_H_
#define _SYS_UNISTD_H_

#define RFNAMEG		(1 << 0)	/* new plan9 namespace (FreeBSD: unimplemented) */
#define RFENVG		(1 << 1)	/* copy environment (unimplemented) */
#define RFFDG		(1 << 2)	/* copy the descriptor table */
#define RFNOTEG		(1 << 3)	/* new note group (unimplemented) */
#define RFPROC		(1 << 4)	/* create a new process */
#define RFMEM		(1 << 5)	/* share the address space */
#define RFNOWAIT	(1 << 6)	/* child is detached from the parent */
#define RFCNAMEG	(1 << 10)	/* clean namespace (unimplemented) */
#define RFCENVG		(1 << 11)	/* clean environment (unimplemented) */
#define RFCFDG		(1 << 12)	/* start with an empty descriptor table */
#define RFTHREAD	(1 << 13)	/* leader shares signal/exit with children */
#define RFSIGSHARE	(1 << 14)	/* share signal handlers */
#define RFLINUXTHPN	(1 << 16)	/* exit signal is SIGUSR1 instead of SIGCHLD */
#define RFSTOPPED	(1 << 17)	/* kernel only: leave child stopped */
#define RFHIGHPID	(1 << 18)	/* kernel only: pid above 10 */
#define RFPGLOCK	(1 << 30)	/* DragonFly, kernel only */
#define RFPPWAIT	(1U << 31)	/* kernel only: parent sleeps until child exits (vfork) */

#define RFKERNELONLY_FREEBSD	(RFSTOPPED | RFHIGHPID | RFPPWAIT)
#define RFKERNELONLY_DRAGONFLY	(RFPGLOCK | RFPPWAIT)

#endif
