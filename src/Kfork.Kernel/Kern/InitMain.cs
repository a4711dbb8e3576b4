using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>init_main.c's start_init: pid 1 becomes the init program, with the console on 0, 1 and 2.</summary>
public sealed partial class Kernel
{
    /// <summary>
    /// Exec <paramref name="image"/> into init (pid 1) with <paramref name="argv"/>; the
    /// scheduler then runs it. A bad image is a boot error.
    /// </summary>
    public void StartInit(string path, byte[] image, IReadOnlyList<string> argv, IReadOnlyList<string> envp)
    {
        var td = InitProc.MainLwp;
        // init never returns from the fork that made it: start_init replaces it before it first runs.
        td.ForkReturnPending = false;
        OpenConsoleDescriptors(InitProc);
        var error = ExecImage(td, path, image, argv, envp);
        if (error != Errno.EJUSTRETURN)
            throw new KernelConfigException($"cannot start init from {path}: {error}");
    }
}
