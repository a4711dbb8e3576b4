/*
 * sys/wait.h - wait4 and the FreeBSD status encoding (GUEST_ABI.md):
 * exited: (code & 0xff) << 8; killed: signo (| 0x80 if core dumped);
 * stopped: (signo << 8) | 0x7f; continued: 0x13 (SIGCONT, as FreeBSD reports).
 */
#ifndef _SYS_WAIT_H_
#define _SYS_WAIT_H_

#include <sys/types.h>

#define WNOHANG		1
#define WUNTRACED	2
#define WSTOPPED	WUNTRACED
#define WCONTINUED	4
#define WNOWAIT		8
#define WLINUXCLONE	0x80000000	/* wait for children whose exit signal is not SIGCHLD */

#define _WSTATUS(x)	((x) & 0177)
#define _WSTOPPED	0177
#define WCOREFLAG	0200
#define WIFSTOPPED(x)	(_WSTATUS(x) == _WSTOPPED)
#define WSTOPSIG(x)	(((x) >> 8) & 0xff)
#define WIFCONTINUED(x)	((x) == 0x13)
#define WIFSIGNALED(x)	(_WSTATUS(x) != _WSTOPPED && _WSTATUS(x) != 0 && (x) != 0x13)
#define WTERMSIG(x)	(_WSTATUS(x))
#define WIFEXITED(x)	(_WSTATUS(x) == 0)
#define WEXITSTATUS(x)	(((x) >> 8) & 0xff)
#define WCOREDUMP(x)	((x) & WCOREFLAG)

#define W_EXITCODE(ret, sig)	((ret) << 8 | (sig))
#define W_STOPCODE(sig)		((sig) << 8 | _WSTOPPED)

#define WAIT_ANY	(-1)
#define WAIT_MYPGRP	0

struct rusage;

pid_t	wait4(pid_t pid, int *status, int options, struct rusage *ru);
pid_t	waitpid(pid_t pid, int *status, int options);
pid_t	wait(int *status);

#endif
