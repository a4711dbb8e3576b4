/*
 * sys/lwp.h - DragonFly's light-weight-process calls (GUEST_ABI.md: only
 * the DragonFly profiles have them; FreeBSD profiles answer ENOSYS).
 */
#ifndef _SYS_LWP_H_
#define _SYS_LWP_H_

#include <sys/types.h>

struct lwp_params {
	void	(*lwp_func)(void *);	/* entry point of the new lwp */
	void	*lwp_arg;		/* its argument */
	void	*lwp_stack;		/* its stack pointer */
	lwpid_t	*lwp_tid1;		/* where the kernel stores the tid (in the caller) */
	lwpid_t	*lwp_tid2;		/* ... and again (in the new lwp) */
};

/* extexit(how, status, addr): how = EXTEXIT_PROC or EXTEXIT_LWP, optionally
 * | EXTEXIT_SETINT to store status at addr first (DragonFly values). */
#define EXTEXIT_SIMPLE	0
#define EXTEXIT_SETINT	1
#define EXTEXIT_ACTION(f)	((f) & 0xffff)
#define EXTEXIT_PROC	(0 << 16)
#define EXTEXIT_LWP	(1 << 16)

int	lwp_create(struct lwp_params *params);
lwpid_t	lwp_gettid(void);
int	extexit(int how, int status, void *addr);

#endif
