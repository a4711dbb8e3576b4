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

    public bool ReservationValid;

    public TrapFrame Clone()
    {
        var copy = new TrapFrame();
        copy.CopyFrom(this);
        return copy;
    }

    public void CopyFrom(TrapFrame other)
    {
        Array.Copy(other.X, X, RegisterCount);
        Pc = other.Pc;
        ReservationAddress = other.ReservationAddress;
        ReservationValid = other.ReservationValid;
    }
}
