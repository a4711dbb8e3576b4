using Kfork.Kern;
using Kfork.Sys;
using Kfork.Vm;

namespace Kfork.Machine.Riscv;

/// <summary>
/// The riscv64 machine-dependent layer (trap.c, vm_machdep.c, machdep.c): runs guest LWPs on the
/// interpreter, turns ecall into a system call through the kernel's table and faults into
/// signals, and sets registers for fork, exec, lwp_create and signal delivery as FreeBSD does on
/// riscv64 (GUEST_ABI.md).
/// </summary>
public sealed partial class RiscvMachine(Kernel kernel) : IMachine
{
    /// <summary>Instructions per clock tick: a 100 MIPS virtual CPU at hz = 100.</summary>
    public const long InstructionsPerTick = 1_000_000;

    /// <summary>A time slice, in instructions.</summary>
    public const long Quantum = InstructionsPerTick;

    private readonly Cpu cpu = new();
    private long instructionsSinceTick;

    /// <summary>Every guest instruction executed so far.</summary>
    public long Instructions { get; private set; }

    private static TrapFrame Frame(Lwp td) => (TrapFrame)td.Md!;

    /// <summary>Run the LWP until it blocks, exits, stops or its quantum ends.</summary>
    public void RunQuantum(Lwp td)
    {
        if (td.ForkReturnPending) kernel.ForkReturn(td);
        else kernel.Userret(td);
        long budget = Quantum;
        while (CanRun(td))
        {
            long before = budget;
            var trap = cpu.Run(Frame(td), td.Proc.Vmspace, ref budget);
            Account(before - budget);
            if (trap.Cause == TrapCause.BudgetExhausted)
            {
                kernel.SetRunQueue(td);
                return;
            }
            if (trap.Cause == TrapCause.Ecall) HandleSyscall(td);
            else TrapSignal(td, trap);
        }
    }

    private bool CanRun(Lwp td) =>
        td.Stat == LwpStat.LSRUN && td.WChan == null && td.Proc.Stat == ProcStat.SACTIVE
        && (td.Flag & LwpFlags.LWP_WEXIT) == 0 && td.Md != null && kernel.HaltStatus == null;

    private void Account(long executed)
    {
        Instructions += executed;
        instructionsSinceTick += executed;
        if (instructionsSinceTick < InstructionsPerTick) return;
        kernel.AddTicks(instructionsSinceTick / InstructionsPerTick);
        instructionsSinceTick %= InstructionsPerTick;
    }

    /// <summary>
    /// ecall: sepc moves past the instruction first (cpu_fetch_syscall_args), t0 holds the number,
    /// a0..a7 the arguments; a1 is preserved unless the call returns two values.
    /// </summary>
    private void HandleSyscall(Lwp td)
    {
        var tf = Frame(td);
        tf.Pc += 4;
        var x = tf.X;
        var args = new SyscallArgs(x[Reg.A0], x[Reg.A1], x[Reg.A2], x[Reg.A3], x[Reg.A4], x[Reg.A5], x[Reg.A6], x[Reg.A7]);
        td.Retval1 = (long)x[Reg.A1];
        var error = kernel.Syscall(td, (int)x[Reg.T0], args);
        if (error == Errno.EJUSTRETURN) return;
        SetSyscallReturn(td, error);
        kernel.Userret(td);
    }

    /// <summary>
    /// cpu_set_syscall_retval: success → t0 = 0, a0/a1 = the return values; failure → t0 = 1,
    /// a0 = errno; ERRESTART → back to the ecall so it runs again; EJUSTRETURN → untouched.
    /// </summary>
    public void SetSyscallReturn(Lwp td, Errno error)
    {
        if (td.Md is not TrapFrame tf) return;
        switch (error)
        {
            case Errno.OK:
                tf.X[Reg.T0] = 0;
                tf.X[Reg.A0] = (ulong)td.Retval0;
                tf.X[Reg.A1] = (ulong)td.Retval1;
                break;
            case Errno.ERESTART:
                tf.Pc -= 4;
                break;
            case Errno.EJUSTRETURN:
                break;
            default:
                tf.X[Reg.T0] = 1;
                tf.X[Reg.A0] = (ulong)(int)error;
                break;
        }
    }

    /// <summary>
    /// trapsignal: a fault the program catches (handler set, not masked) enters its handler;
    /// otherwise the process dies of it, as FreeBSD does with a masked or ignored trap signal.
    /// </summary>
    private void TrapSignal(Lwp td, Trap trap)
    {
        int sig = TrapSignal(trap);
        if (sig == 0) throw new PanicException($"trap {trap.Cause} has no signal");
        var p = td.Proc;
        if (p.Sigacts.IsCaught(sig) && !td.SigMask.Has(sig))
        {
            kernel.DeliverCaught(td, sig, trap.Value);
            return;
        }
        kernel.Exit1(td, Wait.Signaled(sig));
    }

    private static int TrapSignal(Trap trap) => Riscv.TrapSignal.For(trap);

    /// <summary>cpu_fork: the child gets the parent's registers; fork returns a0 = 0, a1 = 1 in it.</summary>
    public void CpuFork(Lwp parent, Lwp child)
    {
        if (parent.Md is not TrapFrame ptf) return;
        var tf = ptf.Clone();
        tf.X[Reg.T0] = 0;
        tf.X[Reg.A0] = 0;
        tf.X[Reg.A1] = 1;
        tf.ReservationValid = false;
        child.Md = tf;
    }

    /// <summary>
    /// cpu_prepare_lwp: the new LWP starts at params.func with a0 = params.arg on params.stack;
    /// ra = 0, so returning from the function faults instead of running on.
    /// </summary>
    public void PrepareLwp(Lwp lp, in LwpParams prm)
    {
        var tf = new TrapFrame { Pc = prm.Func };
        tf.X[Reg.A0] = prm.Arg;
        tf.X[Reg.Sp] = prm.Stack & ~15UL;
        lp.Md = tf;
    }

    /// <summary>exec_setregs: every register zero but sp and a0 (both at argc), pc at the entry point.</summary>
    public void SetExecRegisters(Lwp td, ulong entry, ulong stackPointer)
    {
        var tf = new TrapFrame { Pc = entry };
        tf.X[Reg.Sp] = stackPointer;
        tf.X[Reg.A0] = stackPointer;
        bool wasGuest = td.Md != null;
        td.Md = tf;
        if (!wasGuest) kernel.SetRunQueue(td);
    }
}
