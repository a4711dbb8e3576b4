/* errno.c - the one errno; set by the syscall stubs' __cerror. */
int errno;
