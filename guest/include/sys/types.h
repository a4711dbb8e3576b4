/* sys/types.h - the FreeBSD/riscv64 (LP64) widths of the basic system types. */
#ifndef _SYS_TYPES_H_
#define _SYS_TYPES_H_

#include <stddef.h>	/* size_t, NULL (clang's freestanding header) */
#include <stdint.h>

typedef long		ssize_t;
typedef int32_t		pid_t;
typedef uint32_t	uid_t;
typedef uint32_t	gid_t;
typedef int64_t		id_t;
typedef int32_t		lwpid_t;
typedef int64_t		off_t;
typedef uint16_t	mode_t;		/* FreeBSD: __uint16_t */
typedef int64_t		time_t;
typedef int32_t		clockid_t;
typedef uint32_t	u_int;
typedef unsigned long	u_long;
typedef unsigned char	u_char;
typedef unsigned short	u_short;

#endif
