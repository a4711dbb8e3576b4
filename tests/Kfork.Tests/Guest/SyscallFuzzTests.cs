using Kfork.Kern;
using Kfork.Sys;
using Kfork.Vm;

namespace Kfork.Tests.Guest;

/// <summary>
/// Every system call with random arguments (small numbers, valid user addresses, wild pointers,
/// huge lengths) from guest processes: errno values only, never a host exception, and the
/// kernel's invariants hold throughout.
/// </summary>
public class SyscallFuzzTests : GuestTestBase
{
    private const int Cases = 100_000;
    private const int CasesPerBoot = 500;

    [Theory]
    [InlineData("freebsd", 1)]
    [InlineData("dragonfly", 2)]
    public void Random_system_calls_never_throw(string profile, int seed)
    {
        var rng = new Random(seed);
        int done = 0;
        while (done < Cases / 2)
            done += FuzzOneBoot(profile, rng);
        Assert.True(done >= Cases / 2);
    }

    private static int FuzzOneBoot(string profile, Random rng)
    {
        var k = Boot(profile, "/bin/true").Kernel;
        var numbers = k.Syscalls.Entries.Select(e => e.Number).ToArray();
        var init = k.InitProc.MainLwp;
        Lwp? td = null;
        for (int i = 0; i < CasesPerBoot; i++)
        {
            if (td == null || td.Proc.Stat != ProcStat.SACTIVE || td.WChan != null || (td.Flag & LwpFlags.LWP_WEXIT) != 0)
                td = FreshChild(k, init);
            if (td == null) return i;
            int code = rng.Next(8) == 0 ? rng.Next(-5, 700) : numbers[rng.Next(numbers.Length)];
            if (code == 1 || code == 494) code = 20; // exit is exercised elsewhere; keep the victim alive longer
            var args = new SyscallArgs(Arg(rng, td), Arg(rng, td), Arg(rng, td), Arg(rng, td), Arg(rng, td), Arg(rng, td), Arg(rng, td), Arg(rng, td));
            try
            {
                k.Syscall(td, code, args);
            }
            catch (Exception e)
            {
                Assert.Fail($"syscall {code}({args}) threw {e}");
            }
            if (i % 50 == 0) Invariants.Check(k);
        }
        Invariants.Check(k);
        return CasesPerBoot;
    }

    private static Lwp? FreshChild(Kernel k, Lwp init)
    {
        if (k.SysFork(init) != Errno.OK) return null;
        return k.Pfind((int)init.Retval0)?.MainLwp;
    }

    /// <summary>Small numbers, flags, addresses inside the stack, just outside mapped memory, or anywhere.</summary>
    private static ulong Arg(Random rng, Lwp td) => rng.Next(6) switch
    {
        0 => (ulong)rng.Next(-2, 40),
        1 => (ulong)rng.NextInt64(),
        2 => VmParam.UserStack - (ulong)rng.Next(1, 64 * 1024),
        3 => 0x10000 + (ulong)rng.Next(0, 64 * 1024),
        4 => (ulong)(uint)rng.Next(),
        _ => ulong.MaxValue - (ulong)rng.Next(0, 4096),
    };
}
