/* stdlib.h - memory allocation, exit, number parsing. */
#ifndef _STDLIB_H_
#define _STDLIB_H_

#include <stddef.h>

#define EXIT_SUCCESS	0
#define EXIT_FAILURE	1

void	*malloc(size_t n);
void	 free(void *p);
void	*realloc(void *p, size_t n);
void	*calloc(size_t nmemb, size_t size);

void	 exit(int status) __attribute__((noreturn));
void	 _Exit(int status) __attribute__((noreturn));
void	 abort(void) __attribute__((noreturn));
int	 atexit(void (*fn)(void));

int	 atoi(const char *s);
long	 atol(const char *s);
long	 strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
int	 abs(int v);
long	 labs(long v);

char	*getenv(const char *name);

#endif
