using Kfork.Sys;
using Kfork.Vm;

namespace Kfork.Kern;

/// <summary>
/// kern_exec.c: execve. The new image is built completely (ImgactElf) before anything of the old
/// one is touched, so a failed exec returns an errno with the caller intact; after that the
/// process commits: new address space, close-on-exec descriptors closed, caught signals reset,
/// a vfork parent released, NOTE_EXEC raised.
/// </summary>
public sealed partial class Kernel
{
    /// <summary>PATH_MAX.</summary>
    public const int PathMax = 1024;
    /// <summary>MAXCOMLEN: p_comm holds this many characters.</summary>
    public const int MaxComLen = 19;

    /// <summary>
    /// execve(path, argv, envp) from a guest: copy in the path (ENAMETOOLONG, EFAULT) and the
    /// NULL-terminated vectors (E2BIG past ARG_MAX), then <see cref="Exec"/>.
    /// </summary>
    public Errno SysExecve(Lwp td, ulong pathAddr, ulong argvAddr, ulong envpAddr)
    {
        var vm = td.Proc.Vmspace;
        var error = vm.CopyInStr(pathAddr, PathMax, out var path);
        if (error != Errno.OK) return error;
        int budget = VmParam.ArgMax;
        error = CopyInStrings(vm, argvAddr, ref budget, out var argv);
        if (error != Errno.OK) return error;
        error = CopyInStrings(vm, envpAddr, ref budget, out var envp);
        return error != Errno.OK ? error : Exec(td, path, argv, envp);
    }

    /// <summary>Copy in a NULL-terminated vector of strings, charging each (with its pointer) to <paramref name="budget"/>.</summary>
    private static Errno CopyInStrings(Vmspace vm, ulong vectorAddr, ref int budget, out List<string> strings)
    {
        strings = [];
        if (vectorAddr == 0) return Errno.OK;
        for (ulong at = vectorAddr; ; at += 8)
        {
            var error = vm.ReadU64(at, out ulong ptr);
            if (error != Errno.OK) return error;
            if (ptr == 0) return Errno.OK;
            if (budget <= 8) return Errno.E2BIG;
            error = vm.CopyInStr(ptr, budget - 8, out var s);
            if (error == Errno.ENAMETOOLONG) return Errno.E2BIG;
            if (error != Errno.OK) return error;
            budget -= 8 + s.Length + 1;
            strings.Add(s);
        }
    }

    /// <summary>
    /// kern_execve: replace the calling process's image with the program at <paramref name="path"/>.
    /// Returns EJUSTRETURN on success (the registers are the new program's), or the errno with the
    /// old image untouched: ENOENT, EACCES, ENOEXEC, E2BIG, ENOMEM.
    /// </summary>
    public Errno Exec(Lwp td, string path, IReadOnlyList<string> argv, IReadOnlyList<string> envp)
    {
        var error = VfsReadFile(td, path, out var file);
        return error != Errno.OK ? error : ExecImage(td, path, file, argv, envp);
    }

    /// <summary>The image half of exec: activate <paramref name="file"/> as <paramref name="path"/>.</summary>
    public Errno ExecImage(Lwp td, string path, ReadOnlySpan<byte> file, IReadOnlyList<string> argv, IReadOnlyList<string> envp)
    {
        var p = td.Proc;
        long stackLimit = p.Limit[RlimitKind.Stack].Cur;
        var error = ImgactElf.Activate(file, argv, envp, (ulong)Math.Max(0, stackLimit), out var image, out var reason);
        if (error != Errno.OK)
        {
            if (reason != null && Probes.Enabled) Fire(ProbeId.ProcExec, p, error: error, text: $"{path}: {reason}");
            return error;
        }
        Machine?.MapSignalTrampoline(image!.Space);
        CommitExec(td, path, image!);
        return Errno.EJUSTRETURN;
    }

    private void CommitExec(Lwp td, string path, ElfImage image)
    {
        var p = td.Proc;
        DisposeOtherLwps(td);
        VmspaceFree(p.Vmspace);
        p.Vmspace = image.Space;
        FdCloseExec(p);
        ExecSigs(p);
        ReleaseVforkParent(p);
        if (p.Ucred.Uid == p.Ucred.Ruid && p.Ucred.Gid == p.Ucred.Rgid) p.Flag &= ~ProcFlags.P_SUGID;
        p.Flag |= ProcFlags.P_EXEC;
        p.AcFlag &= ~Acct.AFORK;
        p.Comm = CommFromPath(path);
        p.TextPath = path;
        if (Machine == null) throw new PanicException("exec without a machine");
        Machine.SetExecRegisters(td, image.Entry, image.StackPointer);
        KnoteExec(p);
        if (Probes.Enabled) Fire(ProbeId.ProcExec, p, text: path);
    }

    /// <summary>The basename, cut to MAXCOMLEN, as p_comm.</summary>
    private static string CommFromPath(string path)
    {
        int slash = path.LastIndexOf('/');
        var name = slash >= 0 ? path[(slash + 1)..] : path;
        return name.Length > MaxComLen ? name[..MaxComLen] : name;
    }

    /// <summary>
    /// execsigs: caught signals go back to SIG_DFL (their handlers are gone with the old image);
    /// ignored ones stay ignored; a shared sigacts (RFSIGSHARE) is unshared first.
    /// </summary>
    private static void ExecSigs(Proc p)
    {
        if (p.Sigacts.RefCount > 1)
        {
            p.Sigacts.RefCount--;
            p.Sigacts = p.Sigacts.Copy();
        }
        for (int sig = 1; sig <= Sig.NSIG; sig++)
            if (p.Sigacts.IsCaught(sig)) p.Sigacts.Set(sig, default);
    }

    /// <summary>exec_new_vmspace's killalllwps: only the calling LWP survives an exec.</summary>
    private void DisposeOtherLwps(Lwp td)
    {
        var p = td.Proc;
        for (var lp = p.FirstLwp; lp != null;)
        {
            var next = lp.Next;
            if (lp != td) RemoveLwp(lp);
            lp = next;
        }
    }

    /// <summary>lwp_exit of a non-last LWP: off every queue and out of the process.</summary>
    internal void RemoveLwp(Lwp lp)
    {
        StopLwp(lp);
        LwpTreeRemove(lp.Proc, lp);
        lp.Proc.NThreads--;
    }

    /// <summary>An exiting LWP leaves its sleep queue, drops the call it slept in, and never runs again.</summary>
    private void StopLwp(Lwp lp)
    {
        if (lp.WChan != null) SleepQueueRemove(lp);
        lp.WChan = null;
        lp.Continuation = null;
        lp.Flag |= LwpFlags.LWP_WEXIT;
    }
}
