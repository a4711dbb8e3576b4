/* strerror.c - messages for the errno values errno.h names (FreeBSD wording). */
#include <string.h>
#include <stdio.h>
#include <errno.h>

static const struct {
	int		 num;
	const char	*msg;
} msgs[] = {
	{ 0,		"No error: 0" },
	{ EPERM,	"Operation not permitted" },
	{ ENOENT,	"No such file or directory" },
	{ ESRCH,	"No such process" },
	{ EINTR,	"Interrupted system call" },
	{ EIO,		"Input/output error" },
	{ ENXIO,	"Device not configured" },
	{ E2BIG,	"Argument list too long" },
	{ ENOEXEC,	"Exec format error" },
	{ EBADF,	"Bad file descriptor" },
	{ ECHILD,	"No child processes" },
	{ EDEADLK,	"Resource deadlock avoided" },
	{ ENOMEM,	"Cannot allocate memory" },
	{ EACCES,	"Permission denied" },
	{ EFAULT,	"Bad address" },
	{ EBUSY,	"Device busy" },
	{ EEXIST,	"File exists" },
	{ EXDEV,	"Cross-device link" },
	{ ENODEV,	"Operation not supported by device" },
	{ ENOTDIR,	"Not a directory" },
	{ EISDIR,	"Is a directory" },
	{ EINVAL,	"Invalid argument" },
	{ ENFILE,	"Too many open files in system" },
	{ EMFILE,	"Too many open files" },
	{ ENOTTY,	"Inappropriate ioctl for device" },
	{ ETXTBSY,	"Text file busy" },
	{ EFBIG,	"File too large" },
	{ ENOSPC,	"No space left on device" },
	{ ESPIPE,	"Illegal seek" },
	{ EROFS,	"Read-only file system" },
	{ EMLINK,	"Too many links" },
	{ EPIPE,	"Broken pipe" },
	{ EDOM,		"Numerical argument out of domain" },
	{ ERANGE,	"Result too large" },
	{ EAGAIN,	"Resource temporarily unavailable" },
	{ EOPNOTSUPP,	"Operation not supported" },
	{ ETIMEDOUT,	"Operation timed out" },
	{ ELOOP,	"Too many levels of symbolic links" },
	{ ENAMETOOLONG,	"File name too long" },
	{ ENOTEMPTY,	"Directory not empty" },
	{ EPROCLIM,	"Too many processes" },
	{ ENOSYS,	"Function not implemented" },
	{ EOVERFLOW,	"Value too large to be stored in data type" },
};

char *
strerror(int num)
{
	static char unknown[32];

	for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++)
		if (msgs[i].num == num)
			return (char *)msgs[i].msg;
	snprintf(unknown, sizeof(unknown), "Unknown error: %d", num);
	return unknown;
}
