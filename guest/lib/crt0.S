/*
 * crt0.S - process entry point for Kfork guest programs.
 *
 * GUEST_ABI.md: at entry sp and a0 both point at argc (8 bytes), followed by
 * argv[0..argc-1], NULL, envp[...], NULL; sp is 16-byte aligned.  This is the
 * same as FreeBSD/riscv, whose __start(uintptr_t *ap, cleanup) takes the
 * argument block in a0 (a1 would be rtld's cleanup hook; static images have
 * none, and the ABI zeroes it).
 *
 * FreeBSD's exec_setregs sets a0 to the exact argument block and sp to it
 * rounded down to 16, so a0 is what we read.  A zero a0 (Linux's entry,
 * used only by the qemu smoke test) falls back to sp.
 *
 * We set `environ`, call main(argc, argv, envp) and pass its result to exit(),
 * which flushes stdio and then makes the exit system call.
 */
	.section .text.start, "ax", @progbits
	.globl	_start
	.type	_start, @function
_start:
	mv	t1, a0			/* t1 = &argc */
	bnez	t1, 1f
	mv	t1, sp
1:
	ld	a0, 0(t1)		/* a0 = argc */
	addi	a1, t1, 8		/* a1 = argv */
	slli	t2, a0, 3
	add	a2, a1, t2
	addi	a2, a2, 8		/* a2 = envp = &argv[argc + 1] */
	lla	t3, environ
	sd	a2, 0(t3)
	andi	sp, sp, -16		/* already aligned per the ABI; cheap insurance */
	li	ra, 0			/* terminate backtraces */
	call	main
	call	exit
	/* exit() does not return; if it somehow does, trap rather than run off. */
2:	unimp
	j	2b
	.size	_start, . - _start

	.section .bss
	.balign	8
	.globl	environ
	.type	environ, @object
environ:
	.zero	8
	.size	environ, 8

	.section .note.GNU-stack, "", @progbits
