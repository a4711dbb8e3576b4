/*
 * t_cow - fork gives the child a private copy of memory (copy-on-write in
 * FreeBSD's vm_map): writes on either side after fork are not seen by the
 * other, for heap, data, bss and stack.
 */
#include "tap.h"
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

#define SIZE	(1024 * 1024)

static int data_var = 1;
static int bss_var;

static int
all(const unsigned char *p, size_t n, unsigned char c)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != c)
			return 0;
	return 1;
}

int
main(void)
{
	unsigned char *buf = malloc(SIZE);
	volatile int stack_var = 5;
	int p[2], st;
	pid_t pid;
	char c;

	if (!ok(buf != NULL, "malloc(%d)", SIZE))
		return tap_done();
	memset(buf, 'A', SIZE);

	/* 2-3: the child rewrites everything; the parent's copy is unchanged. */
	pid = fork();
	if (pid == 0) {
		memset(buf, 'B', SIZE);
		data_var = 2;
		bss_var = 2;
		stack_var = 2;
		_exit(all(buf, SIZE, 'B') && data_var == 2 && bss_var == 2 ? 0 : 1);
	}
	ok(pid > 0 && waitpid(pid, &st, 0) == pid && st == 0, "child wrote and re-read its copy");
	ok(all(buf, SIZE, 'A') && data_var == 1 && bss_var == 0 && stack_var == 5,
	    "parent's heap, data, bss and stack unchanged after the child's writes");

	/* 4: the other way round: the parent writes after fork, the child
	 * (held on a pipe until then) still sees the old values. */
	if (pipe2(p, 0) == -1)
		return tap_done();
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		while (read(p[0], &c, 1) == -1 && errno == EINTR)
			;
		_exit(all(buf, SIZE, 'A') && data_var == 1 && buf[SIZE - 1] == 'A' ? 0 : 1);
	}
	close(p[0]);
	memset(buf, 'C', SIZE);
	data_var = 3;
	write(p[1], "go", 1);
	close(p[1]);
	ok(pid > 0 && waitpid(pid, &st, 0) == pid && st == 0,
	    "child does not see the parent's writes made after fork");
	ok(all(buf, SIZE, 'C') && data_var == 3, "parent sees its own writes");

	return tap_done();
}
