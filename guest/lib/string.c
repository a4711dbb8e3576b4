/*
 * string.c - memory and string routines.  Built with -ffreestanding
 * -fno-builtin, so the compiler neither expands these into calls to
 * themselves nor assumes anything about them.  memcpy/memset take an 8-byte
 * path when both pointers share alignment: the emulated CPU pays per
 * instruction, and malloc'd buffers are 16-byte aligned.
 */
#include <string.h>
#include <stdlib.h>
#include <stdint.h>

void *
memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
		while (n > 0 && ((uintptr_t)d & 7) != 0) {
			*d++ = *s++;
			n--;
		}
		while (n >= 8) {
			*(uint64_t *)(void *)d = *(const uint64_t *)(const void *)s;
			d += 8;
			s += 8;
			n -= 8;
		}
	}
	while (n-- > 0)
		*d++ = *s++;
	return dst;
}

void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n);	/* forward copy is safe */
	d += n;
	s += n;
	while (n-- > 0)
		*--d = *--s;
	return dst;
}

void *
memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t w = (unsigned char)c;

	w |= w << 8;
	w |= w << 16;
	w |= w << 32;
	while (n > 0 && ((uintptr_t)d & 7) != 0) {
		*d++ = (unsigned char)c;
		n--;
	}
	while (n >= 8) {
		*(uint64_t *)(void *)d = w;
		d += 8;
		n -= 8;
	}
	while (n-- > 0)
		*d++ = (unsigned char)c;
	return dst;
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n > 0; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

void *
memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n > 0; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t
strlen(const char *s)
{
	const char *p = s;

	while (*p != '\0')
		p++;
	return (size_t)(p - s);
}

int
strcmp(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int
strncmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (*a == '\0')
			break;
	}
	return 0;
}

char *
strcpy(char *dst, const char *src)
{
	char *d = dst;

	while ((*d++ = *src++) != '\0')
		;
	return dst;
}

/* C semantics: pads with NULs up to n, and does not terminate if src is long. */
char *
strncpy(char *dst, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i < n && src[i] != '\0'; i++)
		dst[i] = src[i];
	for (; i < n; i++)
		dst[i] = '\0';
	return dst;
}

char *
strcat(char *dst, const char *src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

char *
strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (*s == '\0')
			return NULL;
	}
}

char *
strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (*s == '\0')
			return (char *)last;
	}
}

char *
strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

char *
strtok(char *s, const char *delim)
{
	static char *next;
	char *tok;

	if (s == NULL)
		s = next;
	if (s == NULL)
		return NULL;
	while (*s != '\0' && strchr(delim, *s) != NULL)
		s++;
	if (*s == '\0') {
		next = NULL;
		return NULL;
	}
	tok = s;
	while (*s != '\0' && strchr(delim, *s) == NULL)
		s++;
	if (*s != '\0')
		*s++ = '\0';
	next = s;
	return tok;
}
