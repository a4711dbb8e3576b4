using Kfork.Sys;
using static Kfork.Sys.RforkFlags;

namespace Kfork.Kern;

/// <summary>
/// kern_kthread.c: kernel threads are processes forked from proc0 (RFMEM|RFFDG|RFPROC, and
/// RFSTOPPED where fork1 would start them), so fork1 counts them as v_kthreads.
/// </summary>
public sealed partial class Kernel
{
    /// <summary>kthread_create: a P_SYSTEM|P_KTHREAD process named <paramref name="name"/>, started.</summary>
    public Errno KthreadCreate(string name, out Proc? p2)
    {
        var error = Fork1(Proc0.MainLwp, RFMEM | RFFDG | RFPROC | RFSTOPPED, out p2);
        if (error != Errno.OK) return error;
        p2!.Flag |= ProcFlags.P_SYSTEM | ProcFlags.P_KTHREAD;
        p2.Comm = name;
        StartChild(Proc0.MainLwp, p2);
        return Errno.OK;
    }
}
