/*
 * signal.h - FreeBSD signal numbers and the 32-byte struct sigaction of
 * GUEST_ABI.md.  Handlers are entered with a0 = signo, a1 = siginfo_t *,
 * a2 = ucontext *, and ra at a kernel-provided trampoline that calls
 * sigreturn, so libc needs no trampoline of its own.
 */
#ifndef _SIGNAL_H_
#define _SIGNAL_H_

#include <sys/types.h>

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGIOT		SIGABRT
#define SIGEMT		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGBUS		10
#define SIGSEGV		11
#define SIGSYS		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGURG		16
#define SIGSTOP		17
#define SIGTSTP		18
#define SIGCONT		19
#define SIGCHLD		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGIO		23
#define SIGXCPU		24
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGINFO		29
#define SIGUSR1		30
#define SIGUSR2		31
#define _SIG_MAXSIG	128		/* valid numbers are 1..128 */
#define NSIG		32		/* the classic signals, as FreeBSD's NSIG */

typedef int sig_atomic_t;
typedef struct { uint32_t __bits[4]; } sigset_t;	/* 128 signals */

/* FreeBSD's siginfo_t layout on LP64 (80 bytes); the ABI only promises a
 * pointer in a1, so only the leading fields are named. */
union sigval { int sival_int; void *sival_ptr; };
typedef struct {
	int		si_signo;
	int		si_errno;
	int		si_code;
	pid_t		si_pid;
	uid_t		si_uid;
	int		si_status;
	void		*si_addr;
	union sigval	si_value;
	long		__spare[5];
} siginfo_t;

typedef void (*sig_t)(int);

#define SIG_DFL		((sig_t)0)
#define SIG_IGN		((sig_t)1)
#define SIG_ERR		((sig_t)-1)

struct sigaction {
	union {
		void	(*__sa_handler)(int);
		void	(*__sa_sigaction)(int, siginfo_t *, void *);
	} __sigaction_u;
	int		sa_flags;
	sigset_t	sa_mask;
};
#define sa_handler	__sigaction_u.__sa_handler
#define sa_sigaction	__sigaction_u.__sa_sigaction

#define SA_ONSTACK	0x0001
#define SA_RESTART	0x0002
#define SA_RESETHAND	0x0004
#define SA_NODEFER	0x0010
#define SA_NOCLDWAIT	0x0020
#define SA_SIGINFO	0x0040

#define SIG_BLOCK	1
#define SIG_UNBLOCK	2
#define SIG_SETMASK	3

int	sigaction(int sig, const struct sigaction *act, struct sigaction *oact);
int	sigprocmask(int how, const sigset_t *set, sigset_t *oset);
int	sigreturn(const void *ucontext);
int	kill(pid_t pid, int sig);
int	raise(int sig);
sig_t	signal(int sig, sig_t handler);

int	sigemptyset(sigset_t *set);
int	sigfillset(sigset_t *set);
int	sigaddset(sigset_t *set, int sig);
int	sigdelset(sigset_t *set, int sig);
int	sigismember(const sigset_t *set, int sig);

#endif
