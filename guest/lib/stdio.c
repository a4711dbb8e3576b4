/*
 * stdio.c - printf family and a line-buffered stdout.
 *
 * One formatting engine (fmt) writes through a sink: a FILE buffer or a
 * caller's array.  stdout is flushed at '\n', when its buffer fills, by
 * fflush() and by exit(); stderr is unbuffered as on FreeBSD, but each call's
 * output is gathered and written with one write(2) so lines do not tear.
 */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <errno.h>
#include <unistd.h>

struct __kfork_file {
	int	fd;
	int	linebuf;	/* 0: unbuffered: flushed at the end of every call */
	size_t	len;
	char	*buf;
};

static char outbuf[BUFSIZ], errbuf[BUFSIZ];	/* in .bss, not in every file's .data */
static FILE out = { 1, 1, 0, outbuf };
static FILE err = { 2, 0, 0, errbuf };
FILE *stdout = &out;
FILE *stderr = &err;

/* write(2) the whole range, retrying short writes and EINTR. */
static int
writeall(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
fflush(FILE *f)
{
	int r;

	if (f == NULL)
		f = stdout;
	if (f->len == 0)
		return 0;
	r = writeall(f->fd, f->buf, f->len);
	f->len = 0;			/* drop the data on error, as there is no retry */
	return r < 0 ? EOF : 0;
}

struct sink {
	FILE	*f;		/* or, when NULL: */
	char	*buf;
	size_t	 cap;		/* bytes buf can hold, including the NUL */
	size_t	 n;		/* characters produced (snprintf's return) */
	int	 nl;		/* a '\n' went into f's buffer */
};

static void
put(struct sink *s, const char *p, size_t n)
{
	if (s->f != NULL) {
		FILE *f = s->f;
		for (size_t i = 0; i < n; i++) {
			if (f->len == BUFSIZ)
				fflush(f);
			f->buf[f->len++] = p[i];
			if (p[i] == '\n')
				s->nl = 1;
		}
	} else {
		for (size_t i = 0; i < n; i++)
			if (s->n + i + 1 < s->cap)
				s->buf[s->n + i] = p[i];
	}
	s->n += n;
}

static void
pad(struct sink *s, char c, int n)
{
	while (n-- > 0)
		put(s, &c, 1);
}

static void
fmt(struct sink *s, const char *f, va_list ap)
{
	static const char lower[] = "0123456789abcdef", upper[] = "0123456789ABCDEF";

	for (; *f != '\0'; f++) {
		const char *start = f;
		int left = 0, zero = 0, plus = 0, space = 0, alt = 0, num = 1;
		int width = 0, prec = -1, lng = 0;

		if (*f != '%') {
			while (f[1] != '\0' && f[1] != '%')
				f++;
			put(s, start, (size_t)(f - start + 1));
			continue;
		}
		for (f++;; f++) {
			if (*f == '-') left = 1;
			else if (*f == '0') zero = 1;
			else if (*f == '+') plus = 1;
			else if (*f == ' ') space = 1;
			else if (*f == '#') alt = 1;
			else break;
		}
		if (*f == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				left = 1;
				width = -width;
			}
			f++;
		} else {
			while (*f >= '0' && *f <= '9')
				width = width * 10 + (*f++ - '0');
		}
		if (*f == '.') {
			f++;
			prec = 0;
			if (*f == '*') {
				prec = va_arg(ap, int);
				f++;
			} else {
				while (*f >= '0' && *f <= '9')
					prec = prec * 10 + (*f++ - '0');
			}
		}
		for (;; f++) {		/* length: only "long-ness" matters on LP64 */
			if (*f == 'l' || *f == 'z' || *f == 'j' || *f == 't') lng = 1;
			else if (*f == 'h') { if (lng <= 0) lng--; }
			else break;
		}

		char tmp[24], *p = tmp + sizeof(tmp);
		const char *str = NULL, *pre = "";
		size_t len;
		uint64_t u = 0;
		int base = 10, neg = 0;
		const char *digits = lower;

		switch (*f) {
		case '%':
			put(s, "%", 1);
			continue;
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			str = tmp;
			len = 1;
			prec = -1;
			num = 0;
			goto emit;
		case 's':
			str = va_arg(ap, const char *);
			if (str == NULL)
				str = "(null)";
			len = 0;
			while (str[len] != '\0' && (prec < 0 || (int)len < prec))
				len++;
			prec = -1;
			num = 0;
			goto emit;
		case 'd': case 'i': {
			int64_t v = lng > 0 ? va_arg(ap, long) : va_arg(ap, int);
			if (lng == -1) v = (short)v;
			if (lng < -1) v = (signed char)v;
			if (v < 0) {
				neg = 1;
				u = (uint64_t)0 - (uint64_t)v;
			} else
				u = (uint64_t)v;
			break;
		}
		case 'p':
			u = (uintptr_t)va_arg(ap, void *);
			base = 16;
			pre = "0x";
			break;
		case 'x': case 'X': case 'o': case 'u':
			u = lng > 0 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			if (lng == -1) u = (unsigned short)u;
			if (lng < -1) u = (unsigned char)u;
			base = *f == 'o' ? 8 : *f == 'u' ? 10 : 16;
			if (*f == 'X')
				digits = upper;
			if (alt && u != 0 && base == 16)
				pre = *f == 'X' ? "0X" : "0x";
			if (alt && base == 8)
				pre = "0";
			break;
		default:		/* unknown conversion: print it as written */
			put(s, start, (size_t)(f - start + (*f != '\0')));
			if (*f == '\0')
				return;
			continue;
		}
		/* integers */
		do {
			*--p = digits[u % (unsigned)base];
			u /= (unsigned)base;
		} while (u != 0);
		if (prec == 0 && p[0] == '0' && p + 1 == tmp + sizeof(tmp))
			p++;		/* "%.0d" of 0 prints nothing */
		str = p;
		len = (size_t)(tmp + sizeof(tmp) - p);
		if (neg) pre = "-";
		else if (plus && (*f == 'd' || *f == 'i')) pre = "+";
		else if (space && (*f == 'd' || *f == 'i')) pre = " ";
		if (*pre == '0' && pre[1] == '\0' && str[0] == '0')
			pre = "";	/* "%#o" of a number already starting with 0 */
emit:
		{
			int zeros = prec > (int)len ? prec - (int)len : 0;
			int body = (int)strlen(pre) + zeros + (int)len;
			if (num && zero && !left && prec < 0 && width > body) {
				zeros += width - body;
				body = width;
			}
			if (!left)
				pad(s, ' ', width - body);
			put(s, pre, strlen(pre));
			pad(s, '0', zeros);
			put(s, str, len);
			if (left)
				pad(s, ' ', width - body);
		}
	}
}

int
vfprintf(FILE *f, const char *format, va_list ap)
{
	struct sink s = { f, NULL, 0, 0, 0 };

	fmt(&s, format, ap);
	if (s.nl || !f->linebuf)
		fflush(f);
	return (int)s.n;
}

int
vprintf(const char *format, va_list ap)
{
	return vfprintf(stdout, format, ap);
}

int
printf(const char *format, ...)
{
	va_list ap;
	int r;

	va_start(ap, format);
	r = vfprintf(stdout, format, ap);
	va_end(ap);
	return r;
}

int
fprintf(FILE *f, const char *format, ...)
{
	va_list ap;
	int r;

	va_start(ap, format);
	r = vfprintf(f, format, ap);
	va_end(ap);
	return r;
}

int
vsnprintf(char *buf, size_t n, const char *format, va_list ap)
{
	struct sink s = { NULL, buf, n, 0, 0 };

	fmt(&s, format, ap);
	if (n > 0)
		buf[s.n < n ? s.n : n - 1] = '\0';
	return (int)s.n;
}

int
snprintf(char *buf, size_t n, const char *format, ...)
{
	va_list ap;
	int r;

	va_start(ap, format);
	r = vsnprintf(buf, n, format, ap);
	va_end(ap);
	return r;
}

int
sprintf(char *buf, const char *format, ...)
{
	va_list ap;
	int r;

	va_start(ap, format);
	r = vsnprintf(buf, (size_t)INT32_MAX, format, ap);
	va_end(ap);
	return r;
}

int
fputs(const char *str, FILE *f)
{
	struct sink s = { f, NULL, 0, 0, 0 };

	put(&s, str, strlen(str));
	if (s.nl || !f->linebuf)
		fflush(f);
	return 0;
}

int
puts(const char *str)
{
	fputs(str, stdout);
	return fputs("\n", stdout);
}

int
fputc(int c, FILE *f)
{
	char ch = (char)c;
	struct sink s = { f, NULL, 0, 0, 0 };

	put(&s, &ch, 1);
	if (s.nl || !f->linebuf)
		fflush(f);
	return (unsigned char)ch;
}

int
putchar(int c)
{
	return fputc(c, stdout);
}

void
perror(const char *msg)
{
	int e = errno;

	fflush(stdout);
	if (msg != NULL && *msg != '\0')
		fprintf(stderr, "%s: %s\n", msg, strerror(e));
	else
		fprintf(stderr, "%s\n", strerror(e));
}
