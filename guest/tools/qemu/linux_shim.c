/*
 * linux_shim.c - DEVELOPMENT AID ONLY, never part of the real build.
 *
 * Replaces lib/syscall.S with Linux riscv64 system calls (number in a7,
 * -errno in a0) so the guest libc and programs can be smoke-tested under
 * Debian's qemu-riscv64 before Kfork's kernel exists.  Linux numbers,
 * flags, signals and errnos differ from FreeBSD's, so this translates the
 * common ones and answers ENOSYS for the rest (signals, rfork, sysctl,
 * limits, kqueue...).  vfork is done as fork: a C wrapper cannot share the
 * parent's stack safely.  See qemu-smoke.sh.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <time.h>

static long
lsys(long n, long a, long b, long c, long d, long e, long f)
{
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	register long a3 __asm__("a3") = d;
	register long a4 __asm__("a4") = e;
	register long a5 __asm__("a5") = f;
	register long a7 __asm__("a7") = n;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7) : "memory");
	return a0;
}

static long
ret(long r)
{
	if (r < 0 && r > -4096) {
		int e = (int)-r;
		errno = e == 11 ? EAGAIN : e == 35 ? EDEADLK : e == 36 ? ENAMETOOLONG :
		    e == 38 ? ENOSYS : e;
		return -1;
	}
	return r;
}

#define S0(n)			ret(lsys(n, 0, 0, 0, 0, 0, 0))
#define S1(n, a)		ret(lsys(n, (long)(a), 0, 0, 0, 0, 0))
#define S2(n, a, b)		ret(lsys(n, (long)(a), (long)(b), 0, 0, 0, 0))
#define S3(n, a, b, c)		ret(lsys(n, (long)(a), (long)(b), (long)(c), 0, 0, 0))
#define S4(n, a, b, c, d)	ret(lsys(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0))

/* FreeBSD signal -> Linux signal, and back. */
static const int f2l[32] = { 0, 1, 2, 3, 4, 5, 6, 0, 8, 9, 7, 11, 31, 13, 14, 15, 23, 19, 20, 18,
	17, 21, 22, 29, 24, 25, 26, 27, 28, 0, 10, 12 };
static int
l2f(int s)
{
	for (int i = 1; i < 32; i++)
		if (f2l[i] == s)
			return i;
	return s;
}

static int
oflags(int f)
{
	int l = f & 3;
	if (f & O_NONBLOCK) l |= 0x800;
	if (f & O_APPEND) l |= 0x400;
	if (f & O_CREAT) l |= 0x40;
	if (f & O_TRUNC) l |= 0x200;
	if (f & O_EXCL) l |= 0x80;
	if (f & O_CLOEXEC) l |= 0x80000;
	return l;
}

void _exit(int s) { for (;;) lsys(94, s, 0, 0, 0, 0, 0); }
void _Exit(int s) { _exit(s); }
pid_t fork(void) { return (pid_t)S2(220, 17, 0); }
pid_t vfork(void) { return fork(); }
ssize_t read(int fd, void *b, size_t n) { return S3(63, fd, b, n); }
ssize_t write(int fd, const void *b, size_t n) { return S3(64, fd, b, n); }
int open(const char *p, int f, ...) { __builtin_va_list ap; __builtin_va_start(ap, f); int m = __builtin_va_arg(ap, int); __builtin_va_end(ap); return (int)S4(56, -100, p, oflags(f), m); }
int close(int fd) { return (int)S1(57, fd); }
pid_t
wait4(pid_t pid, int *st, int o, void *ru)
{
	int ls = 0;
	pid_t r = (pid_t)S4(260, pid, &ls, o, ru);
	if (r > 0 && st != NULL) {
		if ((ls & 0x7f) != 0 && (ls & 0x7f) != 0x7f)
			ls = (ls & ~0x7f) | l2f(ls & 0x7f);
		*st = ls;
	}
	return r;
}
int unlink(const char *p) { return (int)S3(35, -100, p, 0); }
int chdir(const char *p) { return (int)S1(49, p); }
int
__sys_obreak(char *n)
{
	long r = lsys(214, (long)n, 0, 0, 0, 0, 0);
	if (r < (long)n) { errno = ENOMEM; return -1; }
	return 0;
}
pid_t getpid(void) { return (pid_t)S0(172); }
pid_t getppid(void) { return (pid_t)S0(173); }
uid_t getuid(void) { return (uid_t)S0(174); }
uid_t geteuid(void) { return (uid_t)S0(175); }
gid_t getgid(void) { return (gid_t)S0(176); }
gid_t getegid(void) { return (gid_t)S0(177); }
int kill(pid_t p, int s) { return (int)S2(129, p, s > 0 && s < 32 ? f2l[s] : s); }
int dup(int fd) { return (int)S1(23, fd); }
int dup2(int a, int b) { return a == b ? (int)S3(25, a, 1, 0) >= 0 ? b : -1 : (int)S3(24, a, b, 0); }
int execve(const char *p, char *const a[], char *const e[]) { return (int)S3(221, p, a, e); }
int munmap(void *a, size_t n) { return (int)S2(215, a, n); }
void *
mmap(void *a, size_t n, int prot, int fl, int fd, off_t off)
{
	int l = (fl & 0x13) | (fl & MAP_ANON ? 0x20 : 0);
	return (void *)ret(lsys(222, (long)a, (long)n, prot, l, fd, off));
}
int pipe2(int fds[2], int f) { return (int)S2(59, fds, oflags(f)); }
int nanosleep(const struct timespec *a, struct timespec *b) { return (int)S2(101, a, b); }
int clock_gettime(clockid_t c, struct timespec *t) { return (int)S2(113, c == CLOCK_MONOTONIC ? 1 : c, t); }
int sched_yield(void) { return (int)S0(124); }
pid_t getpgrp(void) { return (pid_t)S1(155, 0); }
int setpgid(pid_t a, pid_t b) { return (int)S2(154, a, b); }
pid_t setsid(void) { return (pid_t)S0(157); }
pid_t getsid(pid_t p) { return (pid_t)S1(156, p); }

static long nosys(void) { errno = ENOSYS; return -1; }
#define NOSYS(name) long name() { return nosys(); }
NOSYS(setuid) NOSYS(setgid) NOSYS(getrlimit) NOSYS(setrlimit) NOSYS(__sysctl)
NOSYS(__sysctlbyname) NOSYS(rfork) NOSYS(rfork_thread) NOSYS(kqueue) NOSYS(kevent)
NOSYS(sigreturn) NOSYS(extexit) NOSYS(lwp_create) NOSYS(lwp_gettid) NOSYS(syscall)
NOSYS(sigaction) NOSYS(sigprocmask)
