/*
 * malloc.c - a small power-of-two allocator over the program break.
 *
 * The break: FreeBSD's obreak(2) (syscall 17, "break") takes the new end of
 * the data segment and returns 0 on success; the kernel keeps no "current
 * break" for us to query, so we track it ourselves, starting at the linker
 * symbol `end` (the end of .bss, where FreeBSD's data segment ends too).
 * If break fails (FreeBSD/riscv kernels answer ENOSYS; a full data limit
 * answers ENOMEM) we fall back to anonymous mmap arenas.
 *
 * Blocks: a 16-byte header {magic, bin} followed by the payload, rounded up
 * to a power of two (32 bytes .. 2^47).  Freed blocks go onto a per-size
 * list and are reused whole; memory is never returned to the kernel.
 * Payloads are 16-byte aligned, as the RISC-V psABI expects of malloc.
 */
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <errno.h>
#include <sys/mman.h>

int	__sys_obreak(char *nsize);	/* syscall.S */

extern char end[];			/* kfork.ld: end of .bss */

#define HDR		16
#define MINBIN		5		/* 32-byte smallest block */
#define NBIN		48
#define MAGIC_USED	0x6b666f726b555345ULL	/* "kforkUSE" */
#define MAGIC_FREE	0x6b666f726b465245ULL	/* "kforkFRE" */
#define ARENA_MIN	(256 * 1024)

struct hdr {
	uint64_t	 magic;
	uint32_t	 bin;
	uint32_t	 pad;
};

struct freeblk {
	struct hdr	 h;
	struct freeblk	*next;
};

static struct freeblk *bins[NBIN];
static uintptr_t cur, lim;		/* bump region [cur, lim) */
static int use_brk = 1;			/* cur/lim are the break, extend it */

static void *
morecore(size_t n)
{
	uintptr_t p;

	if (cur == 0)
		cur = lim = ((uintptr_t)end + 15) & ~(uintptr_t)15;
	if (lim - cur >= n) {
		p = cur;
		cur += n;
		return (void *)p;
	}
	if (use_brk) {
		if (__sys_obreak((char *)(cur + n)) == 0) {
			p = cur;
			cur = lim = cur + n;
			return (void *)p;
		}
		use_brk = 0;		/* no more break: switch to mmap arenas */
	}
	size_t len = n < ARENA_MIN ? ARENA_MIN : (n + 4095) & ~(size_t)4095;
	void *a = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
	if (a == MAP_FAILED)
		return NULL;
	cur = (uintptr_t)a + n;
	lim = (uintptr_t)a + len;
	return a;
}

static int
binof(size_t n)
{
	int b = MINBIN;

	while (b < NBIN && ((size_t)1 << b) < n)
		b++;
	return b;
}

void *
malloc(size_t n)
{
	struct freeblk *f;
	struct hdr *h;
	int b;

	if (n > ((size_t)1 << (NBIN - 1)) - HDR) {
		errno = ENOMEM;
		return NULL;
	}
	b = binof(n + HDR);
	if ((f = bins[b]) != NULL) {
		bins[b] = f->next;
		h = &f->h;
	} else if ((h = morecore((size_t)1 << b)) == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	h->magic = MAGIC_USED;
	h->bin = (uint32_t)b;
	return (char *)h + HDR;
}

static struct hdr *
hdrof(void *p)
{
	struct hdr *h = (struct hdr *)(void *)((char *)p - HDR);

	if (h->magic != MAGIC_USED || h->bin < MINBIN || h->bin >= NBIN)
		abort();		/* double free or a pointer malloc never returned */
	return h;
}

void
free(void *p)
{
	struct freeblk *f;
	struct hdr *h;

	if (p == NULL)
		return;
	h = hdrof(p);
	h->magic = MAGIC_FREE;
	f = (struct freeblk *)(void *)h;
	f->next = bins[h->bin];
	bins[h->bin] = f;
}

void *
realloc(void *p, size_t n)
{
	struct hdr *h;
	size_t have;
	void *q;

	if (p == NULL)
		return malloc(n);
	if (n == 0) {
		free(p);
		return NULL;
	}
	h = hdrof(p);
	have = ((size_t)1 << h->bin) - HDR;
	if (n <= have)
		return p;
	if ((q = malloc(n)) == NULL)
		return NULL;
	memcpy(q, p, have);
	free(p);
	return q;
}

void *
calloc(size_t nmemb, size_t size)
{
	void *p;

	if (size != 0 && nmemb > (size_t)-1 / size) {
		errno = ENOMEM;
		return NULL;
	}
	if ((p = malloc(nmemb * size)) != NULL)
		memset(p, 0, nmemb * size);
	return p;
}
