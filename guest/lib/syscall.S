/*
 * syscall.S - one stub per system call of GUEST_ABI.md's table.
 *
 * Convention (GUEST_ABI.md, = FreeBSD/riscv): call number in t0 (x5),
 * arguments already in a0-a7 where the C calling convention put them,
 * `ecall`.  On return t0 == 0 means success with the result in a0 (a1 for a
 * second value); t0 != 0 means failure with the errno in a0, which we store
 * in `errno` before returning -1 (MAP_FAILED for mmap), as FreeBSD's libc
 * cerror does.  The kernel preserves every other register, so a stub needs
 * no stack frame: that matters for vfork, whose child borrows the parent's
 * stack and must not disturb anything the parent finds on return.
 *
 * fork/vfork/rfork: the child gets a0 = 0 (and a1 = 1), so the stubs simply
 * return a0, exactly like the others.  rfork_thread below is the one place
 * that looks at a1.
 */
	.text

	.macro	SYSCALL name, num
	.globl	\name
	.type	\name, @function
	.p2align 2
\name:
	li	t0, \num
	ecall
	bnez	t0, __cerror
	ret
	.size	\name, . - \name
	.endm

	.globl	__cerror
	.type	__cerror, @function
	.p2align 2
__cerror:
	lla	t1, errno
	sw	a0, 0(t1)
	li	a0, -1
	ret
	.size	__cerror, . - __cerror

	SYSCALL	_exit,		1	/* the raw exit; exit() in stdlib flushes first */
	SYSCALL	fork,		2
	SYSCALL	read,		3
	SYSCALL	write,		4
	SYSCALL	open,		5	/* variadic mode lands in a2 anyway (RISC-V passes varargs in a-regs) */
	SYSCALL	close,		6
	SYSCALL	wait4,		7
	SYSCALL	unlink,		10
	SYSCALL	chdir,		12
	SYSCALL	__sys_obreak,	17	/* "break": FreeBSD obreak(char *nsize) */
	SYSCALL	getpid,		20
	SYSCALL	setuid,		23
	SYSCALL	getuid,		24
	SYSCALL	geteuid,	25
	SYSCALL	kill,		37
	SYSCALL	getppid,	39
	SYSCALL	dup,		41
	SYSCALL	getegid,	43
	SYSCALL	getgid,		47
	SYSCALL	execve,		59
	SYSCALL	vfork,		66
	SYSCALL	munmap,		73
	SYSCALL	getpgrp,	81
	SYSCALL	setpgid,	82
	SYSCALL	dup2,		90
	SYSCALL	setsid,		147
	SYSCALL	setgid,		181
	SYSCALL	getrlimit,	194
	SYSCALL	setrlimit,	195
	SYSCALL	__sysctl,	202
	SYSCALL	clock_gettime,	232
	SYSCALL	nanosleep,	240
	SYSCALL	rfork,		251
	SYSCALL	getsid,		310
	SYSCALL	sched_yield,	331
	SYSCALL	sigprocmask,	340
	SYSCALL	kqueue,		362
	SYSCALL	sigaction,	416
	SYSCALL	sigreturn,	417
	SYSCALL	mmap,		477
	SYSCALL	pipe2,		542	/* FreeBSD pipe2(int fds[2], int flags): kernel stores both fds */
	SYSCALL	kevent,		560
	SYSCALL	__sysctlbyname,	570
	/* DragonFly-only calls, at DragonFly's numbers (ENOSYS under FreeBSD profiles). */
	SYSCALL	extexit,	494
	SYSCALL	lwp_create,	495
	SYSCALL	lwp_gettid,	496

	.globl	_Exit
	.set	_Exit, _exit

/*
 * long syscall(long number, ...): the indirect call, as in FreeBSD's
 * syscall(2).  Shifts a1..a7 down to a0..a6.
 */
	.globl	syscall
	.type	syscall, @function
	.p2align 2
syscall:
	mv	t0, a0
	mv	a0, a1
	mv	a1, a2
	mv	a2, a3
	mv	a3, a4
	mv	a4, a5
	mv	a5, a6
	mv	a6, a7
	ecall
	bnez	t0, __cerror
	ret
	.size	syscall, . - syscall

/*
 * pid_t rfork_thread(int flags, void *stack, int (*func)(void *), void *arg)
 *
 * FreeBSD libc's helper for rfork(RFMEM): the child must not return through
 * the parent's stack (both would run on it at once), so the child switches
 * to `stack` (top of a region the caller owns, 16-byte aligned), calls
 * func(arg) and exits with its result.  The child is recognised by a1 == 1
 * (GUEST_ABI.md: a fork child gets a0 = 0, a1 = 1; rfork without RFPROC
 * returns a0 = a1 = 0, and then there is no child to start).
 * t1-t3 survive the ecall because the kernel preserves all but t0/a0/a1.
 */
	.globl	rfork_thread
	.type	rfork_thread, @function
	.p2align 2
rfork_thread:
	mv	t1, a1
	mv	t2, a2
	mv	t3, a3
	li	t0, 251
	ecall
	bnez	t0, __cerror
	beqz	a1, 1f			/* parent (or no RFPROC): return a0 */
	mv	sp, t1
	mv	a0, t3
	li	ra, 0
	jalr	t2
	li	t0, 1			/* exit(func(arg)) without touching stdio */
	ecall
2:	unimp
	j	2b
1:	ret
	.size	rfork_thread, . - rfork_thread

	.section .note.GNU-stack, "", @progbits
