using System.Runtime.CompilerServices;

namespace Kfork.Machine.Riscv;

/// <summary>The A extension: LR/SC against the reservation, and the AMOs.</summary>
public sealed unsafe partial class Cpu
{
    /// <summary>
    /// LR: load (sign-extending .W) and reserve. The reservation set is the naturally aligned
    /// 8-byte granule, so any store overlapping a word or doubleword LR breaks it.
    /// </summary>
    private bool LoadReserved(ulong* x, DecodedOp* d, ulong alignMask)
    {
        ulong va = x[d->Rs1];
        ref byte m = ref LoadRef(va, alignMask);
        if (Unsafe.IsNullRef(ref m))
            return false;
        x[d->Rd] = alignMask == 3 ? (ulong)Unsafe.As<byte, int>(ref m) : Unsafe.As<byte, ulong>(ref m);
        reservedAddress = va;
        reservedGranule = va & ~7UL;
        return true;
    }

    /// <summary>
    /// A extension "Load-Reserved/Store-Conditional": SC writes only with a valid reservation for
    /// the same address, puts 0 (success) or 1 (failure) in rd, and invalidates the reservation
    /// either way. Without a reservation it fails without touching memory.
    /// </summary>
    private bool StoreConditional(ulong* x, DecodedOp* d, ulong alignMask)
    {
        ulong va = x[d->Rs1];
        if ((va & alignMask) != 0)
        {
            Fault(TrapCause.StoreMisaligned, va);
            return false;
        }
        if (reservedGranule == NoReservation || va != reservedAddress)
        {
            x[d->Rd] = 1;
            return true;
        }
        ulong value = x[d->Rs2];
        ref byte m = ref StoreRef(va, alignMask);
        if (Unsafe.IsNullRef(ref m))
            return false;
        if (alignMask == 3)
            Unsafe.As<byte, uint>(ref m) = (uint)value;
        else
            Unsafe.As<byte, ulong>(ref m) = value;
        reservedGranule = NoReservation;
        x[d->Rd] = 0;
        return true;
    }

    /// <summary>AMO*.W: operates on the 32-bit word and returns the old value sign-extended-></summary>
    private bool AtomicWord(ulong* x, DecodedOp* d)
    {
        ulong src = Alu.Sx32(x[d->Rs2]);
        ref byte m = ref StoreRef(x[d->Rs1], 3);
        if (Unsafe.IsNullRef(ref m))
            return false;
        ref uint word = ref Unsafe.As<byte, uint>(ref m);
        ulong old = Alu.Sx32(word);
        word = (uint)Alu.Amo(d->Amo, old, src);
        x[d->Rd] = old;
        return true;
    }

    private bool AtomicDouble(ulong* x, DecodedOp* d)
    {
        ulong src = x[d->Rs2];
        ref byte m = ref StoreRef(x[d->Rs1], 7);
        if (Unsafe.IsNullRef(ref m))
            return false;
        ref ulong dword = ref Unsafe.As<byte, ulong>(ref m);
        ulong old = dword;
        dword = Alu.Amo(d->Amo, old, src);
        x[d->Rd] = old;
        return true;
    }
}
