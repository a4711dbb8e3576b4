using System.Buffers.Binary;
using Kfork.Kern;
using Kfork.Sys;
using Kfork.Vm;

namespace Kfork.Machine.Riscv;

/// <summary>
/// Signal delivery on riscv64 (sendsig, sys_sigreturn, sigcode), after FreeBSD's machdep.c: the
/// interrupted registers and signal mask are saved in a ucontext on the user stack with a siginfo
/// beside it; the handler runs with a0 = signo, a1 = &amp;siginfo, a2 = &amp;ucontext and ra at the
/// signal trampoline, which calls sigreturn with the ucontext.
/// </summary>
public sealed partial class RiscvMachine
{
    /// <summary>ucontext: the saved mask (4 × uint32), x0..x31, pc.</summary>
    private const int UcontextSize = Sigset.UserSize + TrapFrame.RegisterCount * 8 + 8;
    /// <summary>FreeBSD's 64-bit siginfo_t.</summary>
    private const int SiginfoSize = 80;
    private const int FrameSize = (UcontextSize + SiginfoSize + 15) & ~15;
    /// <summary>si_code for a signal sent by kill (SI_USER).</summary>
    private const int SiUser = 0x10001;

    /// <summary>sigcode: a0 = sp (the ucontext); sigreturn; and if that fails, exit(1).</summary>
    private static readonly uint[] SigCode =
    [
        0x00010513, // addi a0, sp, 0
        0x1A100293, // addi t0, zero, 417 (sigreturn)
        0x00000073, // ecall
        0x00100293, // addi t0, zero, 1 (exit)
        0x00000073, // ecall
    ];

    /// <summary>The trampoline's address: FreeBSD's shared page at the top of user space.</summary>
    public const ulong SigCodeVa = VmParam.SharedPage;

    public void MapSignalTrampoline(Vmspace vm)
    {
        vm.MapRange(SigCodeVa, SigCodeVa + VmParam.PageSize, Prot.Read | Prot.Exec, shared: false);
        var bytes = new byte[SigCode.Length * 4];
        for (int i = 0; i < SigCode.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), SigCode[i]);
        var error = vm.Fill(SigCodeVa, bytes);
        Kern.Debug.KAssert(error == Errno.OK, "sigcode: the shared page is mapped before it is filled");
    }

    /// <summary>
    /// sendsig: push the frame and enter the handler; the mask during the handler adds the action's
    /// mask and the signal itself (unless SA_NODEFER). A stack that cannot take the frame kills the
    /// process with SIGILL, as FreeBSD does.
    /// </summary>
    public void SendSignal(Lwp td, int signo, SigAction action, ulong faultAddress)
    {
        if (td.Md is not TrapFrame tf) return;
        ulong sp = (tf.X[Reg.Sp] - FrameSize) & ~15UL;
        ulong ucontext = sp, siginfo = sp + UcontextSize;
        Span<byte> frame = stackalloc byte[FrameSize];
        frame.Clear();
        WriteUcontext(frame[..UcontextSize], tf, td.SigMask);
        WriteSiginfo(frame.Slice(UcontextSize, SiginfoSize), signo, faultAddress);
        if (td.Proc.Vmspace.CopyOut(frame, sp) != Errno.OK)
        {
            kernel.Exit1(td, Wait.Signaled(Sig.SIGILL));
            return;
        }
        tf.X[Reg.A0] = (ulong)signo;
        tf.X[Reg.A1] = siginfo;
        tf.X[Reg.A2] = ucontext;
        tf.X[Reg.Ra] = SigCodeVa;
        tf.X[Reg.Sp] = sp;
        tf.Pc = action.Handler;
        var mask = td.SigMask.With(action.Mask);
        if ((action.Flags & SaFlags.SA_NODEFER) == 0) mask.Add(signo);
        td.SigMask = mask;
    }

    private static void WriteUcontext(Span<byte> uc, TrapFrame tf, Sigset mask)
    {
        mask.Write(uc);
        for (int i = 0; i < TrapFrame.RegisterCount; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(uc[(Sigset.UserSize + i * 8)..], tf.X[i]);
        BinaryPrimitives.WriteUInt64LittleEndian(uc[(Sigset.UserSize + TrapFrame.RegisterCount * 8)..], tf.Pc);
    }

    private static void WriteSiginfo(Span<byte> si, int signo, ulong faultAddress)
    {
        BinaryPrimitives.WriteInt32LittleEndian(si, signo);
        BinaryPrimitives.WriteInt32LittleEndian(si[8..], faultAddress != 0 ? 1 : SiUser);
        BinaryPrimitives.WriteUInt64LittleEndian(si[24..], faultAddress);
    }

    /// <summary>sys_sigreturn: restore registers and mask from the ucontext (EFAULT if unreadable).</summary>
    public Errno SigReturn(Lwp td, ulong ucontext)
    {
        if (td.Md is not TrapFrame tf) return Errno.EINVAL;
        Span<byte> uc = stackalloc byte[UcontextSize];
        var error = td.Proc.Vmspace.CopyIn(ucontext, uc);
        if (error != Errno.OK) return error;
        var mask = Sigset.Read(uc);
        for (int i = 1; i < TrapFrame.RegisterCount; i++)
            tf.X[i] = BinaryPrimitives.ReadUInt64LittleEndian(uc[(Sigset.UserSize + i * 8)..]);
        tf.Pc = BinaryPrimitives.ReadUInt64LittleEndian(uc[(Sigset.UserSize + TrapFrame.RegisterCount * 8)..]);
        td.SigMask = mask.Without(Sigset.Of(Sig.SIGKILL).With(Sigset.Of(Sig.SIGSTOP)));
        return Errno.EJUSTRETURN;
    }
}
