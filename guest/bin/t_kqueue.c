/*
 * t_kqueue - kqueue/kevent EVFILT_PROC (FreeBSD kern_event.c filt_proc):
 * NOTE_EXIT carries the wait status in data; NOTE_TRACK follows a fork with
 * a NOTE_CHILD event whose data is the parent's pid.
 */
#include "tap.h"
#include <unistd.h>
#include <time.h>
#include <sys/event.h>
#include <sys/wait.h>

_Static_assert(sizeof(struct kevent) == 64, "struct kevent is 64 bytes");

/* A child that waits for a byte on fd, optionally forks once, exits `code`. */
static pid_t
spawn(int rfd, int wfd, int forks, int code)
{
	char c;
	pid_t pid = fork();

	if (pid == 0) {
		close(wfd);
		while (read(rfd, &c, 1) == -1 && errno == EINTR)
			;
		if (forks && fork() == 0)
			_exit(0);
		_exit(code);
	}
	return pid;
}

int
main(void)
{
	struct timespec ts = { 5, 0 };
	struct kevent ch, ev[8];
	int kq, p[2], st, n, seen_fork = 0, seen_child = 0, seen_exit = 0;
	pid_t pid;

	kq = kqueue();
	ok(kq >= 0, "kqueue returns a descriptor (%d)", kq);

	pipe2(p, 0);
	pid = spawn(p[0], p[1], 0, 7);
	EV_SET(&ch, pid, EVFILT_PROC, EV_ADD, NOTE_EXIT, 0, NULL);
	ok(kevent(kq, &ch, 1, NULL, 0, NULL) == 0, "EV_ADD EVFILT_PROC NOTE_EXIT for child %d", pid);
	write(p[1], "x", 1);
	n = kevent(kq, NULL, 0, ev, 1, &ts);
	ok(n == 1 && ev[0].ident == (uint64_t)pid && ev[0].filter == EVFILT_PROC &&
	    (ev[0].fflags & NOTE_EXIT) && ev[0].data == 7 << 8,
	    "NOTE_EXIT event with the wait status in data (n=%d data=0x%lx)", n, (long)ev[0].data);
	ok(waitpid(pid, &st, 0) == pid && st == 7 << 8, "the child is still reaped by wait4");
	close(p[0]);
	close(p[1]);

	pipe2(p, 0);
	pid = spawn(p[0], p[1], 1, 0);
	EV_SET(&ch, pid, EVFILT_PROC, EV_ADD, NOTE_EXIT | NOTE_FORK | NOTE_TRACK, 0, NULL);
	ok(kevent(kq, &ch, 1, NULL, 0, NULL) == 0, "EV_ADD with NOTE_FORK|NOTE_TRACK");
	write(p[1], "x", 1);
	while (seen_exit < 2 && (n = kevent(kq, NULL, 0, ev, 8, &ts)) > 0) {
		for (int i = 0; i < n; i++) {
			if (ev[i].fflags & NOTE_FORK)
				seen_fork += ev[i].ident == (uint64_t)pid;
			/* If the new child has already exited, its NOTE_EXIT
			 * shares the event and data is its status instead. */
			if (ev[i].fflags & NOTE_CHILD)
				seen_child += ev[i].data == pid || (ev[i].fflags & NOTE_EXIT);
			if (ev[i].fflags & NOTE_EXIT)
				seen_exit++;
		}
	}
	ok(seen_fork == 1, "NOTE_FORK reported for the tracked process");
	ok(seen_child == 1, "NOTE_CHILD reported with the parent's pid in data");
	ok(seen_exit == 2, "NOTE_EXIT for both the tracked process and its child");
	waitpid(pid, &st, 0);

	EV_SET(&ch, 99999, EVFILT_PROC, EV_ADD, NOTE_EXIT, 0, NULL);
	ok(FAILS_WITH(kevent(kq, &ch, 1, NULL, 0, NULL), ESRCH), "EVFILT_PROC on a missing pid fails ESRCH");
	return tap_done();
}
