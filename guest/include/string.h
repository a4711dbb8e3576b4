/* string.h - the few string and memory routines guest programs use. */
#ifndef _STRING_H_
#define _STRING_H_

#include <stddef.h>

void	*memcpy(void *dst, const void *src, size_t n);
void	*memmove(void *dst, const void *src, size_t n);
void	*memset(void *dst, int c, size_t n);
int	 memcmp(const void *a, const void *b, size_t n);
void	*memchr(const void *s, int c, size_t n);
size_t	 strlen(const char *s);
int	 strcmp(const char *a, const char *b);
int	 strncmp(const char *a, const char *b, size_t n);
char	*strcpy(char *dst, const char *src);
char	*strncpy(char *dst, const char *src, size_t n);
char	*strcat(char *dst, const char *src);
char	*strchr(const char *s, int c);
char	*strrchr(const char *s, int c);
char	*strdup(const char *s);
char	*strtok(char *s, const char *delim);
char	*strerror(int errnum);

#endif
