using System.Runtime.CompilerServices;

namespace Kfork.Machine.Riscv;

/// <summary>The arithmetic that is more than one C# operator: M extension and AMO combining.</summary>
internal static class Alu
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Sx32(uint v) => (ulong)(long)(int)v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Sx32(ulong v) => (ulong)(long)(int)(uint)v;

    public static ulong Mulh(ulong a, ulong b) => (ulong)Math.BigMul((long)a, (long)b, out _);

    public static ulong Mulhu(ulong a, ulong b) => Math.BigMul(a, b, out _);

    /// <summary>Signed × unsigned: the unsigned high product, corrected by b when a is negative.</summary>
    public static ulong Mulhsu(ulong a, ulong b) => Math.BigMul(a, b, out _) - ((long)a < 0 ? b : 0);

    // M extension, "Division Operations": division never traps. Dividing by zero gives a
    // quotient of all ones and a remainder equal to the dividend; the one signed overflow
    // (most negative / -1) gives the dividend as quotient and zero as remainder.

    public static ulong Div(ulong a, ulong b) =>
        b == 0 ? ulong.MaxValue
        : (long)a == long.MinValue && (long)b == -1 ? a
        : (ulong)((long)a / (long)b);

    public static ulong Divu(ulong a, ulong b) => b == 0 ? ulong.MaxValue : a / b;

    public static ulong Rem(ulong a, ulong b) =>
        b == 0 ? a
        : (long)a == long.MinValue && (long)b == -1 ? 0
        : (ulong)((long)a % (long)b);

    public static ulong Remu(ulong a, ulong b) => b == 0 ? a : a % b;

    // The W forms apply the same rules to the low 32 bits and sign-extend the 32-bit result,
    // even for the unsigned ones (DIVUW by zero is therefore all ones in 64 bits).

    public static ulong Divw(ulong a, ulong b) => Sx32(Div(Sx32(a), Sx32(b)));

    public static ulong Divuw(ulong a, ulong b) => Sx32(Divu((uint)a, (uint)b));

    public static ulong Remw(ulong a, ulong b) => Sx32(Rem(Sx32(a), Sx32(b)));

    public static ulong Remuw(ulong a, ulong b) => Sx32(Remu((uint)a, (uint)b));

    /// <summary>
    /// The value an AMO writes back. For .W both inputs arrive sign-extended from 32 bits: signed
    /// order is then the 32-bit signed order, and (sign extension being monotonic for unsigned
    /// order too) unsigned order is the 32-bit unsigned order, so one routine serves both widths.
    /// </summary>
    public static ulong Amo(AmoKind kind, ulong old, ulong src) => kind switch
    {
        AmoKind.Swap => src,
        AmoKind.Add => old + src,
        AmoKind.Xor => old ^ src,
        AmoKind.And => old & src,
        AmoKind.Or => old | src,
        AmoKind.Min => (long)old < (long)src ? old : src,
        AmoKind.Max => (long)old > (long)src ? old : src,
        AmoKind.Minu => old < src ? old : src,
        _ => old > src ? old : src,
    };
}
