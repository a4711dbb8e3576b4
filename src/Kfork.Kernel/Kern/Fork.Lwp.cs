using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>struct lwp_params (GUEST_ABI.md): entry point, argument, stack, and where to store the tid.</summary>
public readonly record struct LwpParams(ulong Func, ulong Arg, ulong Stack, ulong Tid1, ulong Tid2);

/// <summary>kern_fork.c: DragonFly's lwp_create (001_…:185-231, 000_…:173-214).</summary>
public sealed partial class Kernel
{
    /// <summary>
    /// lwp_create: a new LWP in the caller's process, starting at params.Func with params.Arg on
    /// params.Stack; its tid is copied out to Tid1 and Tid2 when given. A failed copyout rolls the
    /// LWP back (removed from the tree, nthreads restored; p_lasttid stays advanced, as in the seed).
    /// ENOSYS in profiles without LWPs.
    /// </summary>
    public Errno SysLwpCreate(Lwp td, in LwpParams prm)
    {
        if (!Profile.HasLwpCreate) return Errno.ENOSYS;
        var p = td.Proc;
        // 001_…:198: force exclusive access to the limits before there are two LWPs.
        if (Profile.LwpCreateMakesPlimitExclusive) PlimitLwpFork(p);
        var lp = new Lwp { Proc = p };
        LwpFork(td, p, lp);
        // 001_…:200: cpu_prepare_lwp's result is overwritten by the copyouts below, as in the seed.
        Machine?.PrepareLwp(lp, prm);
        var error = CopyOutTid(p, lp, prm.Tid1);
        if (error == Errno.OK) error = CopyOutTid(p, lp, prm.Tid2);
        if (error != Errno.OK)
        {
            LwpTreeRemove(p, lp);
            p.NThreads--;
            lp.Flag |= LwpFlags.LWP_WEXIT;
            return error;
        }
        lp.Stat = LwpStat.LSRUN;
        if (lp.Md != null) SetRunQueue(lp);
        td.Retval0 = 0;
        return Errno.OK;
    }

    private Errno CopyOutTid(Proc p, Lwp lp, ulong addr)
    {
        if (addr == 0) return Errno.OK;
        if (Fails(FaultPoint.LwpCreateCopyout)) return Errno.EFAULT;
        return CopyOutInt32(p, addr, lp.Tid);
    }

    /// <summary>lwp_gettid (DragonFly).</summary>
    public int LwpGettid(Lwp td) => td.Tid;
}
