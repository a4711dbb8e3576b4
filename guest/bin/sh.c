/*
 * sh - a small POSIX-flavoured shell.
 *
 *   sh -c 'CMD'     run CMD;   sh FILE   run FILE;   sh   read commands from stdin
 *
 * Words are split on blanks; '...' quotes literally, "..." quotes with \ " $
 * escapes, a bare \ escapes the next character; $? and $$ expand outside
 * single quotes; # starts a comment.  Commands: pipelines a | b | c, joined
 * by ; (or newline), && and ||; redirections < file, > file, >> file.
 * Builtins: exit [n], cd [dir].  Other commands run through execvp, i.e.
 * $PATH, which init sets to /bin.  Exit status as POSIX sh: the last
 * command's exit code, 128 + signo when a signal killed it, 127 when the
 * command was not found, 126 when it could not be executed, 2 on a syntax
 * error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/wait.h>

enum { WORD, PIPE, AND, OR, SEMI, LT, GT, GTGT, END };
struct tok { int type; char *w; };

#define MAXTOK	1024		/* tokens per input unit */
#define MAXARG	256		/* words per command */
#define MAXCMD	32		/* commands per pipeline */

static struct tok toks[MAXTOK];
static int ntok, status;

static void
addtok(int type, char *w)
{
	if (ntok < MAXTOK - 1) {
		toks[ntok].type = type;
		toks[ntok++].w = w;
	}
}

/* Appends to a growing word buffer. */
static char *wbuf;
static size_t wlen, wcap;

static void
wput(const char *s, size_t n)
{
	if (wlen + n + 1 > wcap) {
		wcap = (wlen + n + 1) * 2;
		wbuf = realloc(wbuf, wcap);
	}
	memcpy(wbuf + wlen, s, n);
	wlen += n;
	wbuf[wlen] = '\0';
}

/*
 * $? and $$ are expanded when their command runs, not when the line is
 * split ("false; echo $?" must see false's status), so the lexer leaves a
 * \001 marker followed by '?' or '$' and expand() substitutes later.
 */
static const char *
dollar(const char *p)		/* p at '$' */
{
	if (p[1] == '?' || p[1] == '$') {
		wput("\001", 1);
		wput(p + 1, 1);
		return p + 2;
	}
	wput(p, 1);		/* no other parameters: a literal $ */
	return p + 1;
}

static char *
expand(char *w)			/* returns w, or a new string replacing it */
{
	char num[16];

	if (strchr(w, '\001') == NULL)
		return w;
	wlen = 0;
	wput("", 0);
	for (char *p = w; *p != '\0'; p++) {
		if (*p == '\001' && p[1] != '\0') {
			p++;
			snprintf(num, sizeof(num), "%d", *p == '?' ? status : getpid());
			wput(num, strlen(num));
		} else
			wput(p, 1);
	}
	free(w);
	return strdup(wbuf);
}

/* Splits s into toks[]; returns 0 or -1 on a syntax error (unclosed quote). */
static int
lex(const char *p)
{
	ntok = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		if (*p == '#') {
			while (*p != '\0' && *p != '\n')
				p++;
			continue;
		}
		if (*p == '\n' || *p == ';') { addtok(SEMI, NULL); p++; continue; }
		if (p[0] == '|' && p[1] == '|') { addtok(OR, NULL); p += 2; continue; }
		if (p[0] == '&' && p[1] == '&') { addtok(AND, NULL); p += 2; continue; }
		if (*p == '|') { addtok(PIPE, NULL); p++; continue; }
		if (p[0] == '>' && p[1] == '>') { addtok(GTGT, NULL); p += 2; continue; }
		if (*p == '>') { addtok(GT, NULL); p++; continue; }
		if (*p == '<') { addtok(LT, NULL); p++; continue; }
		if (*p == '&') {
			fprintf(stderr, "sh: background jobs (&) are not supported\n");
			return -1;
		}
		wlen = 0;
		wput("", 0);
		while (*p != '\0' && strchr(" \t\n;|&<>", *p) == NULL) {
			if (*p == '\'') {
				const char *q = strchr(p + 1, '\'');
				if (q == NULL)
					goto unclosed;
				wput(p + 1, (size_t)(q - p - 1));
				p = q + 1;
			} else if (*p == '"') {
				for (p++; *p != '"'; ) {
					if (*p == '\0')
						goto unclosed;
					if (*p == '\\' && p[1] != '\0' && strchr("\\\"$\n", p[1]) != NULL) {
						wput(p + 1, 1);
						p += 2;
					} else if (*p == '$')
						p = dollar(p);
					else
						wput(p++, 1);
				}
				p++;
			} else if (*p == '\\' && p[1] != '\0') {
				wput(p + 1, 1);
				p += 2;
			} else if (*p == '$')
				p = dollar(p);
			else
				wput(p++, 1);
		}
		addtok(WORD, strdup(wbuf));
	}
	addtok(END, NULL);
	return 0;
unclosed:
	fprintf(stderr, "sh: syntax error: unterminated quoted string\n");
	return -1;
}

struct cmd { char *argv[MAXARG + 1]; int argc; char *in, *out; int append; };
static struct cmd cmds[MAXCMD];

static int
code_of(int st)
{
	return WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 1;
}

static void
redirect(struct cmd *c)		/* in the child; a failure ends it with status 1 */
{
	const char *name = c->in;
	int fd;

	if (c->in != NULL) {
		if ((fd = open(c->in, O_RDONLY)) < 0)
			goto fail;
		dup2(fd, 0);
		close(fd);
	}
	if ((name = c->out) != NULL) {
		fd = open(c->out, O_WRONLY | O_CREAT | (c->append ? O_APPEND : O_TRUNC), 0666);
		if (fd < 0)
			goto fail;
		dup2(fd, 1);
		close(fd);
	}
	return;
fail:
	fprintf(stderr, "sh: %s: %s\n", name, strerror(errno));
	_exit(1);
}

/* Runs cmds[0..n-1] as a pipeline and returns the last one's status. */
static int
runpipe(int n)
{
	pid_t pids[MAXCMD];
	int prev = -1, fds[2], started = 0, st, code = 0;

	if (n == 1 && cmds[0].argc > 0) {
		char **av = cmds[0].argv;
		if (strcmp(av[0], "exit") == 0) {
			fflush(stdout);
			exit(av[1] != NULL ? atoi(av[1]) & 0xff : status);
		}
		if (strcmp(av[0], "cd") == 0) {
			const char *dir = av[1] != NULL ? av[1] : getenv("HOME");
			if (chdir(dir != NULL ? dir : "/") == 0)
				return 0;
			fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
			return 1;
		}
	}
	fflush(stdout);
	for (int i = 0; i < n; i++) {
		fds[0] = fds[1] = -1;
		if (i + 1 < n && pipe2(fds, O_CLOEXEC) == -1) {
			fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
			code = 2;
			break;
		}
		pid_t pid = fork();
		if (pid == -1) {
			fprintf(stderr, "sh: fork: %s\n", strerror(errno));
			close(fds[0]);
			close(fds[1]);
			code = 2;
			break;
		}
		if (pid == 0) {
			if (prev != -1) {
				dup2(prev, 0);
				close(prev);
			}
			if (fds[1] != -1)
				dup2(fds[1], 1);	/* dup2 clears close-on-exec */
			redirect(&cmds[i]);
			if (cmds[i].argc == 0)
				_exit(0);
			execvp(cmds[i].argv[0], cmds[i].argv);
			fprintf(stderr, "sh: %s: %s\n", cmds[i].argv[0],
			    errno == ENOENT ? "not found" : strerror(errno));
			_exit(errno == ENOENT ? 127 : 126);
		}
		pids[started++] = pid;
		if (prev != -1)
			close(prev);
		if (fds[1] != -1)
			close(fds[1]);
		prev = fds[0];
	}
	if (prev != -1)
		close(prev);
	for (int i = 0; i < started; i++) {
		while (waitpid(pids[i], &st, 0) == -1 && errno == EINTR)
			;
		if (i == n - 1)
			code = code_of(st);
	}
	return code;
}

/* Parses and runs one input unit (a -c string or a line). */
static void
run(const char *line)
{
	int t = 0, conn = SEMI;

	if (lex(line) == -1) {
		status = 2;
		return;
	}
	while (toks[t].type != END) {
		int n = 0, empty = 1;
		memset(&cmds[0], 0, sizeof(cmds[0]));
		for (;; t++) {
			struct cmd *c = &cmds[n];
			int ty = toks[t].type;
			if (ty == WORD) {
				if (c->argc >= MAXARG) goto syntax;
				c->argv[c->argc++] = toks[t].w = expand(toks[t].w);
				empty = 0;
			} else if (ty == LT || ty == GT || ty == GTGT) {
				if (toks[t + 1].type != WORD) goto syntax;
				t++;
				toks[t].w = expand(toks[t].w);
				if (ty == LT) c->in = toks[t].w;
				else { c->out = toks[t].w; c->append = ty == GTGT; }
				empty = 0;
			} else if (ty == PIPE) {
				if ((c->argc == 0 && !c->in && !c->out) || n + 1 >= MAXCMD) goto syntax;
				memset(&cmds[++n], 0, sizeof(cmds[0]));
			} else
				break;
		}
		n++;
		if (empty && toks[t].type != SEMI && toks[t].type != END) goto syntax;
		if (n > 1 && cmds[n - 1].argc == 0 && !cmds[n - 1].in && !cmds[n - 1].out) goto syntax;
		if (!empty && (conn == SEMI || (conn == AND && status == 0) || (conn == OR && status != 0)))
			status = runpipe(n);
		conn = toks[t].type;
		if (conn != END)
			t++;
	}
	goto out;
syntax:
	fprintf(stderr, "sh: syntax error\n");
	status = 2;
out:
	for (int i = 0; i < ntok; i++)
		free(toks[i].w);
}

/* Reads commands from fd a line at a time; one byte per read(2) so that
 * input meant for the commands themselves is left in place (as sh does). */
static void
runfd(int fd)
{
	char *line = NULL;
	size_t len = 0, cap = 0;
	char ch;
	ssize_t r;

	for (;;) {
		r = read(fd, &ch, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || ch == '\n') {
			if (len > 0 || r > 0) {
				line = len + 1 > cap ? realloc(line, cap = len + 1) : line;
				line[len] = '\0';
				run(line);
				len = 0;
			}
			if (r <= 0)
				break;
			continue;
		}
		if (len + 2 > cap)
			line = realloc(line, cap = cap * 2 + 64);
		line[len++] = ch;
	}
	free(line);
}

int
main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "-c") == 0) {
		run(argv[2]);
	} else if (argc >= 2 && strcmp(argv[1], "-c") == 0) {
		fprintf(stderr, "sh: -c: option requires an argument\n");
		return 2;
	} else if (argc >= 2) {
		int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
			return 127;
		}
		runfd(fd);
	} else
		runfd(0);
	return status;
}
