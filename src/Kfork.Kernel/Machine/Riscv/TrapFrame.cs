namespace Kfork.Machine.Riscv;

/// <summary>
/// The user register state of one LWP (struct trapframe): what the kernel saves on a trap and
/// what cpu_fork copies into the child.
/// </summary>
public sealed class TrapFrame
{
    public const int RegisterCount = 32;

    /// <summary>
    /// x0..x31. x0 is hard-wired to zero: the CPU ignores whatever the array holds at index 0 and
    /// leaves 0 there when <see cref="Cpu.Run"/> returns.
    /// </summary>
    public readonly ulong[] X = new ulong[RegisterCount];

    /// <summary>On a trap: the address of the trapping instruction (sepc).</summary>
    public ulong Pc;

    /// <summary>The address reserved by the last LR, meaningful while <see cref="ReservationValid"/>.</summary>
    public ulong ReservationAddress;

    /// <summary>
    /// Whether an LR reservation is held. <see cref="Cpu.Run"/> honours one it is handed and
    /// always returns with none: every return is a trap, and a trap clears the reservation (the
    /// kernel may run other LWPs that store to the address before this one resumes).
    /// </summary>
    public bool ReservationValid;

    /// <summary>A copy for cpu_fork.</summary>
    public TrapFrame Clone() => new TrapFrame().CopyFrom(this);

    /// <summary>Overwrites this frame with <paramref name="other"/>'s registers, pc and reservation; returns this.</summary>
    public TrapFrame CopyFrom(TrapFrame other)
    {
        Array.Copy(other.X, X, RegisterCount);
        Pc = other.Pc;
        ReservationAddress = other.ReservationAddress;
        ReservationValid = other.ReservationValid;
        return this;
    }
}
