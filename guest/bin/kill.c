/*
 * kill [-s name | -name | -num] pid ... - send a signal (default SIGTERM).
 * kill -l lists the names.  Names are FreeBSD's, with or without "SIG".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>

static const char *names[] = {
	NULL, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "EMT", "FPE", "KILL",
	"BUS", "SEGV", "SYS", "PIPE", "ALRM", "TERM", "URG", "STOP", "TSTP",
	"CONT", "CHLD", "TTIN", "TTOU", "IO", "XCPU", "XFSZ", "VTALRM", "PROF",
	"WINCH", "INFO", "USR1", "USR2",
};

static int
signum(const char *s)
{
	char *end;
	long n;

	if (*s >= '0' && *s <= '9') {
		n = strtol(s, &end, 10);
		return *end == '\0' && n >= 0 && n <= _SIG_MAXSIG ? (int)n : -1;
	}
	if (strncmp(s, "SIG", 3) == 0)
		s += 3;
	for (int i = 1; i < NSIG; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

static int
usage(void)
{
	fprintf(stderr, "usage: kill [-s signal_name] pid ...\n       kill -l\n");
	return 2;
}

int
main(int argc, char **argv)
{
	int sig = SIGTERM, i = 1, rc = 0;

	if (argc > 1 && strcmp(argv[1], "-l") == 0) {
		for (int s = 1; s < NSIG; s++)
			printf("%s%c", names[s], s % 8 == 0 || s == NSIG - 1 ? '\n' : ' ');
		return 0;
	}
	if (argc > 2 && strcmp(argv[1], "-s") == 0) {
		sig = signum(argv[2]);
		i = 3;
	} else if (argc > 1 && argv[1][0] == '-' && argv[1][1] != '\0' &&
	    strcmp(argv[1], "--") != 0) {
		sig = signum(argv[1] + 1);
		i = 2;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (sig < 0) {
		fprintf(stderr, "kill: unknown signal\n");
		return usage();
	}
	if (i >= argc)
		return usage();
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		if (*end != '\0' || end == argv[i]) {
			fprintf(stderr, "kill: illegal process id: %s\n", argv[i]);
			rc = 2;
			continue;
		}
		if (kill((pid_t)pid, sig) == -1) {
			fprintf(stderr, "kill: %ld: %s\n", pid, strerror(errno));
			rc = 1;
		}
	}
	return rc;
}
