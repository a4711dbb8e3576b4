/*
 * selfmod - self-modifying code: write "li a0, 42; ret" into a writable, executable page,
 * call it, then overwrite the immediate with 7 and call it again. The interpreter's decoded
 * instruction cache must notice the store. Exits 0 when both calls return what was written.
 */
#include <stdio.h>
#include <sys/mman.h>

typedef long (*fn_t)(void);

static unsigned int
li_a0(int imm)
{
	return ((unsigned int)imm << 20) | (10u << 7) | 0x13u;	/* addi a0, zero, imm */
}

int
main(void)
{
	unsigned int *code = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_ANON | MAP_PRIVATE, -1, 0);
	fn_t f = (fn_t)(void *)code;
	long first, second;

	if (code == MAP_FAILED) {
		printf("selfmod: mmap failed\n");
		return 2;
	}
	code[0] = li_a0(42);
	code[1] = 0x00008067;	/* ret (jalr zero, 0(ra)) */
	__asm__ volatile("fence.i" ::: "memory");
	first = f();
	code[0] = li_a0(7);
	__asm__ volatile("fence.i" ::: "memory");
	second = f();
	printf("selfmod: %ld then %ld\n", first, second);
	return first == 42 && second == 7 ? 0 : 1;
}
