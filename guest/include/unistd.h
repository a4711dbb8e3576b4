/* unistd.h - process, descriptor and identity calls (FreeBSD semantics). */
#ifndef _UNISTD_H_
#define _UNISTD_H_

#include <sys/types.h>
#include <sys/unistd.h>

#define STDIN_FILENO	0
#define STDOUT_FILENO	1
#define STDERR_FILENO	2

extern char **environ;

/* Process creation.  returns_twice keeps the compiler from caching values
 * in ways the second return (in the child) would invalidate. */
pid_t	fork(void) __attribute__((returns_twice));
pid_t	vfork(void) __attribute__((returns_twice));
pid_t	rfork(int flags) __attribute__((returns_twice));
/* FreeBSD libc's helper: rfork(flags) whose child runs func(arg) on `stack`
 * (the top of a caller-owned region) and exits with its result. */
pid_t	rfork_thread(int flags, void *stack, int (*func)(void *), void *arg);

int	execve(const char *path, char *const argv[], char *const envp[]);
int	execv(const char *path, char *const argv[]);
int	execvp(const char *file, char *const argv[]);	/* searches $PATH, default "/bin" */
void	_exit(int status) __attribute__((noreturn));

ssize_t	read(int fd, void *buf, size_t n);
ssize_t	write(int fd, const void *buf, size_t n);
int	close(int fd);
int	dup(int fd);
int	dup2(int from, int to);
int	pipe(int fds[2]);
int	pipe2(int fds[2], int flags);
int	unlink(const char *path);
int	chdir(const char *path);

pid_t	getpid(void);
pid_t	getppid(void);
pid_t	getpgrp(void);
int	setpgid(pid_t pid, pid_t pgid);
pid_t	setsid(void);
pid_t	getsid(pid_t pid);
uid_t	getuid(void);
uid_t	geteuid(void);
gid_t	getgid(void);
gid_t	getegid(void);
int	setuid(uid_t uid);
int	setgid(gid_t gid);

unsigned int sleep(unsigned int seconds);
int	usleep(unsigned int usec);
int	sched_yield(void);

long	syscall(long number, ...);

#endif
