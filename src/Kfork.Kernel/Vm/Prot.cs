namespace Kfork.Vm;

/// <summary>sys/mman.h protections (PROT_*), FreeBSD's values.</summary>
[Flags]
public enum Prot
{
    None = 0,
    Read = 1,
    Write = 2,
    Exec = 4,
    All = Read | Write | Exec,
}

/// <summary>sys/mman.h mmap flags (MAP_*) that an anonymous mapping may use, FreeBSD's values.</summary>
[Flags]
public enum MapFlags
{
    None = 0,
    Shared = 0x1,
    Private = 0x2,
    Fixed = 0x10,
    Anon = 0x1000,
}
