namespace Kfork.Sys;

/// <summary>
/// The fork counters of struct vmmeter (cnt / gd_cnt), bumped by fork1 after vm_fork
/// (002_…:566-578, 001_…:549-561, 000_…:505-517) and shown by `vmstat -f` and the vm.stats.vm sysctls.
/// </summary>
public sealed class Vmmeter
{
    public long Forks, Vforks, Rforks, Kthreads;
    public long ForkPages, VforkPages, RforkPages, KthreadPages;
}
