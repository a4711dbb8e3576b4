/* sys/event.h - kqueue/kevent with GUEST_ABI.md's 64-byte struct kevent
 * (FreeBSD 12+ layout). */
#ifndef _SYS_EVENT_H_
#define _SYS_EVENT_H_

#include <sys/types.h>

struct timespec;

struct kevent {
	uint64_t	ident;
	int16_t		filter;
	uint16_t	flags;
	uint32_t	fflags;
	int64_t		data;
	void		*udata;
	uint64_t	ext[4];
};

#define EV_SET(kevp, a, b, c, d, e, f) do {	\
	struct kevent *__kevp = (kevp);		\
	__kevp->ident = (a);			\
	__kevp->filter = (b);			\
	__kevp->flags = (c);			\
	__kevp->fflags = (d);			\
	__kevp->data = (e);			\
	__kevp->udata = (f);			\
	__kevp->ext[0] = 0;			\
	__kevp->ext[1] = 0;			\
	__kevp->ext[2] = 0;			\
	__kevp->ext[3] = 0;			\
} while (0)

#define EVFILT_READ	(-1)
#define EVFILT_WRITE	(-2)
#define EVFILT_PROC	(-5)
#define EVFILT_SIGNAL	(-6)
#define EVFILT_TIMER	(-7)

#define EV_ADD		0x0001
#define EV_DELETE	0x0002
#define EV_ENABLE	0x0004
#define EV_DISABLE	0x0008
#define EV_ONESHOT	0x0010
#define EV_CLEAR	0x0020
#define EV_ERROR	0x4000
#define EV_EOF		0x8000

#define NOTE_EXIT	0x80000000
#define NOTE_FORK	0x40000000
#define NOTE_EXEC	0x20000000
#define NOTE_PCTRLMASK	0xf0000000
#define NOTE_PDATAMASK	0x000fffff
#define NOTE_TRACK	0x00000001
#define NOTE_TRACKERR	0x00000002
#define NOTE_CHILD	0x00000004

int	kqueue(void);
int	kevent(int kq, const struct kevent *changelist, int nchanges,
	    struct kevent *eventlist, int nevents, const struct timespec *timeout);

#endif
