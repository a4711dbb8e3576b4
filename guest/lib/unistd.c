/* unistd.c - the library calls built on the system-call stubs. */
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <sys/wait.h>
#include <sys/sysctl.h>
#include <sys/event.h>
#include <sys/resource.h>

/* The layouts GUEST_ABI.md fixes. */
_Static_assert(sizeof(struct sigaction) == 32, "struct sigaction is 32 bytes");
_Static_assert(__builtin_offsetof(struct sigaction, sa_flags) == 8, "sa_flags at 8");
_Static_assert(__builtin_offsetof(struct sigaction, sa_mask) == 12, "sa_mask at 12");
_Static_assert(sizeof(struct kevent) == 64, "struct kevent is 64 bytes");
_Static_assert(__builtin_offsetof(struct kevent, data) == 16, "kevent.data at 16");
_Static_assert(sizeof(struct rlimit) == 16, "struct rlimit is 16 bytes");
_Static_assert(sizeof(struct timespec) == 16, "struct timespec is 16 bytes");
_Static_assert(sizeof(siginfo_t) == 80, "siginfo_t is FreeBSD's 80 bytes");

int
execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

/*
 * execvp(3): a name with a '/' is used as is; otherwise each directory of
 * $PATH is tried in turn ("/bin" when PATH is unset: Kfork's root keeps its
 * programs there).  As in FreeBSD, ENOENT/ENOTDIR move on to the next
 * directory, EACCES is remembered, anything else stops the search.
 */
int
execvp(const char *file, char *const argv[])
{
	const char *path, *p;
	char buf[1024];
	int eacces = 0;

	if (*file == '\0') {
		errno = ENOENT;
		return -1;
	}
	if (strchr(file, '/') != NULL)
		return execve(file, argv, environ);
	if ((path = getenv("PATH")) == NULL)
		path = "/bin";
	size_t flen = strlen(file);
	for (p = path;; p++) {
		const char *dir = p;
		while (*p != '\0' && *p != ':')
			p++;
		size_t dlen = (size_t)(p - dir);
		if (dlen == 0) {	/* empty element means the current directory */
			dir = ".";
			dlen = 1;
		}
		if (dlen + 1 + flen + 1 <= sizeof(buf)) {
			memcpy(buf, dir, dlen);
			buf[dlen] = '/';
			memcpy(buf + dlen + 1, file, flen + 1);
			execve(buf, argv, environ);
			if (errno == EACCES)
				eacces = 1;
			else if (errno != ENOENT && errno != ENOTDIR)
				return -1;
		}
		if (*p == '\0')
			break;
	}
	errno = eacces ? EACCES : ENOENT;
	return -1;
}

int
pipe(int fds[2])
{
	return pipe2(fds, 0);
}

pid_t
waitpid(pid_t pid, int *status, int options)
{
	return wait4(pid, status, options, NULL);
}

pid_t
wait(int *status)
{
	return wait4(-1, status, 0, NULL);
}

/* sleep(3) over nanosleep(2): returns the unslept seconds if interrupted. */
unsigned int
sleep(unsigned int seconds)
{
	struct timespec req = { seconds, 0 }, rem = { 0, 0 };

	if (nanosleep(&req, &rem) == -1 && errno == EINTR)
		return (unsigned int)(rem.tv_sec + (rem.tv_nsec > 0));
	return 0;
}

int
usleep(unsigned int usec)
{
	struct timespec req = { usec / 1000000, (long)(usec % 1000000) * 1000 };

	return nanosleep(&req, NULL);
}

int
raise(int sig)
{
	return kill(getpid(), sig);
}

/* signal(3) as FreeBSD's: BSD semantics, i.e. SA_RESTART, handler stays. */
sig_t
signal(int sig, sig_t handler)
{
	struct sigaction sa, osa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	if (sigaction(sig, &sa, &osa) == -1)
		return SIG_ERR;
	return osa.sa_handler;
}

int
sigemptyset(sigset_t *set)
{
	memset(set, 0, sizeof(*set));
	return 0;
}

int
sigfillset(sigset_t *set)
{
	memset(set, 0xff, sizeof(*set));
	return 0;
}

/* Bit (sig - 1) of the 128-bit set, as FreeBSD's _SIG_IDX/_SIG_WORD/_SIG_BIT. */
static int
sigbad(int sig)
{
	if (sig <= 0 || sig > _SIG_MAXSIG) {
		errno = EINVAL;
		return 1;
	}
	return 0;
}

int
sigaddset(sigset_t *set, int sig)
{
	if (sigbad(sig))
		return -1;
	set->__bits[(sig - 1) >> 5] |= 1U << ((sig - 1) & 31);
	return 0;
}

int
sigdelset(sigset_t *set, int sig)
{
	if (sigbad(sig))
		return -1;
	set->__bits[(sig - 1) >> 5] &= ~(1U << ((sig - 1) & 31));
	return 0;
}

int
sigismember(const sigset_t *set, int sig)
{
	if (sigbad(sig))
		return -1;
	return (set->__bits[(sig - 1) >> 5] >> ((sig - 1) & 31)) & 1;
}

int
sysctl(const int *name, u_int namelen, void *oldp, size_t *oldlenp,
    const void *newp, size_t newlen)
{
	return __sysctl(name, namelen, oldp, oldlenp, newp, newlen);
}

/* FreeBSD libc passes the name's length without the NUL. */
int
sysctlbyname(const char *name, void *oldp, size_t *oldlenp, const void *newp,
    size_t newlen)
{
	return __sysctlbyname(name, strlen(name), oldp, oldlenp, newp, newlen);
}
