using Kfork.Sys;

namespace Kfork.Machine.Riscv;

/// <summary>Why <see cref="Cpu.Run"/> returned (the scause values user mode can raise, plus the budget).</summary>
public enum TrapCause
{
    None,
    Ecall,
    Breakpoint,
    IllegalInstruction,
    InstructionAccessFault,
    LoadAccessFault,
    StoreAccessFault,
    InstructionMisaligned,
    LoadMisaligned,
    StoreMisaligned,

    /// <summary>The instruction budget ran out: the equivalent of a timer interrupt, not a fault.</summary>
    BudgetExhausted,
}

/// <summary>
/// A trap and its stval-like value: the faulting address for access and misaligned faults (the
/// jump target for <see cref="TrapCause.InstructionMisaligned"/>), the instruction bits for an
/// illegal instruction, the pc for a breakpoint, zero otherwise.
/// </summary>
public readonly record struct Trap(TrapCause Cause, ulong Value);

/// <summary>The signal a BSD kernel posts for a user trap.</summary>
public static class TrapSignal
{
    /// <summary>
    /// Mirrors FreeBSD riscv trap.c do_trap_user: illegal instruction → SIGILL, ebreak → SIGTRAP,
    /// an unresolvable page fault (our access faults: unmapped or protection) → SIGSEGV,
    /// misaligned access → SIGBUS. Returns 0 for traps that post no signal (ecall, budget).
    /// </summary>
    public static int For(TrapCause cause) => cause switch
    {
        TrapCause.IllegalInstruction => Sig.SIGILL,
        TrapCause.Breakpoint => Sig.SIGTRAP,
        TrapCause.InstructionAccessFault or TrapCause.LoadAccessFault or TrapCause.StoreAccessFault => Sig.SIGSEGV,
        TrapCause.InstructionMisaligned or TrapCause.LoadMisaligned or TrapCause.StoreMisaligned => Sig.SIGBUS,
        _ => 0,
    };

    public static int For(Trap trap) => For(trap.Cause);
}
