/*
 * stdio.h - a very small stdio.  stdout is line buffered (flushed at '\n',
 * when full, by fflush and at exit); stderr is unbuffered.  No FILE opens
 * files: printf/fprintf/puts/putchar write to fds 1 and 2 only.
 * Formats: %d %i %u %x %X %o %c %s %p %%, flags - 0 + space #, width and
 * precision (also *), length h hh l ll z j t.  No floating point (rv64ima).
 *
 * fork copies a pending stdout buffer into the child (as on FreeBSD), so a
 * program that forks after printing without a newline should fflush first.
 */
#ifndef _STDIO_H_
#define _STDIO_H_

#include <stdarg.h>
#include <stddef.h>

#define EOF	(-1)
#define BUFSIZ	1024

typedef struct __kfork_file FILE;

extern FILE *stdout, *stderr;

int	printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int	fprintf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int	vprintf(const char *fmt, va_list ap);
int	vfprintf(FILE *f, const char *fmt, va_list ap);
int	sprintf(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int	snprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int	vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int	puts(const char *s);
int	fputs(const char *s, FILE *f);
int	putchar(int c);
int	fputc(int c, FILE *f);
int	fflush(FILE *f);
void	perror(const char *s);

#endif
