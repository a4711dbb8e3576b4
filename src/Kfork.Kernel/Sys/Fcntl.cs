namespace Kfork.Sys;

/// <summary>sys/fcntl.h open flags (GUEST_ABI.md) and the FFLAGS/OFLAGS conversion to f_flag.</summary>
public static class Fcntl
{
    public const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_ACCMODE = 3;
    public const int O_NONBLOCK = 0x4, O_APPEND = 0x8, O_CREAT = 0x200, O_TRUNC = 0x400, O_EXCL = 0x800;
    public const int O_CLOEXEC = 0x100000;

    /// <summary>The flags open(2) knows; FreeBSD ignores the others it does not define, Kfork too.</summary>
    public const int OpenFlags = O_ACCMODE | O_NONBLOCK | O_APPEND | O_CREAT | O_TRUNC | O_EXCL | O_CLOEXEC;

    /// <summary>The status flags kept in f_flag next to FREAD/FWRITE (FMASK's part Kfork uses).</summary>
    public const int StatusFlags = O_NONBLOCK | O_APPEND;

    /// <summary>FFLAGS: O_RDONLY/O_WRONLY/O_RDWR (0, 1, 2) become FREAD/FWRITE bits (1, 2, 3).</summary>
    public static int FFlags(int oflags) => (oflags & O_ACCMODE) + 1;

    /// <summary>PATH_MAX (with the NUL) and NAME_MAX, sys/syslimits.h.</summary>
    public const int PATH_MAX = 1024, NAME_MAX = 255;
}
