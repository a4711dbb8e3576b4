using Kfork.Kern;

namespace Kfork.Cli.Workloads;

/// <summary>
/// Something the tools look at: a kernel and the work that drives it. The kernel exists before
/// <see cref="Run"/> so that probes (ktrace, ddb, traces) can be attached to it first.
/// </summary>
public interface IWorkload
{
    Kernel Kernel { get; }

    /// <summary>Drive the kernel to the end of the work; the workload's exit code.</summary>
    int Run();
}
