namespace Kfork.Sys;

/// <summary>
/// sys/errno.h: FreeBSD's numbers, as GUEST_ABI.md fixes them. System calls return these
/// as values; an exception is reserved for kernel bugs (see <see cref="Kern.Panic"/>).
/// </summary>
public enum Errno
{
    OK = 0,
    EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, E2BIG = 7, ENOEXEC = 8,
    EBADF = 9, ECHILD = 10, EDEADLK = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14,
    EBUSY = 16, EEXIST = 17, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ENFILE = 23,
    EMFILE = 24, EFBIG = 27, ENOSPC = 28, ESPIPE = 29, EPIPE = 32, ERANGE = 34,
    EAGAIN = 35, ENAMETOOLONG = 63, ENOSYS = 78,

    // GUEST_ABI.md is silent on these; FreeBSD's values, for the file side of the call layer.
    /// <summary>ENXIO: read or write on a kqueue (kqueue_read/kqueue_write).</summary>
    ENXIO = 6,
    /// <summary>EROFS: a write, create or remove on the read-only root.</summary>
    EROFS = 30,
    /// <summary>EOPNOTSUPP: creating a file in devfs (no VOP_CREATE).</summary>
    EOPNOTSUPP = 45,
    /// <summary>ELOOP: more than MAXSYMLINKS symbolic links in a lookup.</summary>
    ELOOP = 62,

    /// <summary>Kernel-internal: restart the system call (never seen by a guest).</summary>
    ERESTART = -1,
    /// <summary>Kernel-internal: the call has arranged its own return (sleeping, exec, sigreturn).</summary>
    EJUSTRETURN = -2,
}
