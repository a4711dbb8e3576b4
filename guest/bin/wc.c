/*
 * wc [-lwc] [file ...] - count lines, words and bytes like BSD wc: each
 * count as "%8ld" (the default prints all three), then " name" for a file,
 * and a "total" line when more than one file was given.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static int dolines, dowords, dobytes;
static long tlines, twords, tbytes;

static void
report(long l, long w, long c, const char *name)
{
	if (dolines) printf("%8ld", l);
	if (dowords) printf("%8ld", w);
	if (dobytes) printf("%8ld", c);
	if (name != NULL)
		printf(" %s", name);
	printf("\n");
}

static int
count(int fd, const char *name)
{
	static char buf[8192];
	long l = 0, w = 0, c = 0;
	int inword = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "wc: %s: %s\n", name ? name : "stdin", strerror(errno));
			return 1;
		}
		c += n;
		for (ssize_t i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)buf[i];
			int space = ch == ' ' || (ch >= '\t' && ch <= '\r');
			if (ch == '\n')
				l++;
			if (space)
				inword = 0;
			else if (!inword) {
				inword = 1;
				w++;
			}
		}
	}
	report(l, w, c, name);
	tlines += l;
	twords += w;
	tbytes += c;
	return 0;
}

int
main(int argc, char **argv)
{
	int i = 1, rc = 0, nfiles;

	for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'l') dolines = 1;
			else if (*p == 'w') dowords = 1;
			else if (*p == 'c') dobytes = 1;
			else {
				fprintf(stderr, "usage: wc [-clw] [file ...]\n");
				return 1;
			}
		}
	}
	if (!dolines && !dowords && !dobytes)
		dolines = dowords = dobytes = 1;
	nfiles = argc - i;
	if (nfiles == 0)
		return count(0, NULL);
	for (; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
			continue;
		}
		rc |= count(fd, argv[i]);
		close(fd);
	}
	if (nfiles > 1)
		report(tlines, twords, tbytes, "total");
	return rc;
}
