using static Kfork.Machine.Riscv.Reg;
using static Kfork.Tests.Machine.Riscv.Asm;

namespace Kfork.Tests.Machine.Riscv;

/// <summary>M extension, with the spec's division-by-zero and overflow results.</summary>
public class MulDivTests
{
    private const ulong Neg1 = ulong.MaxValue, Min64 = 0x8000_0000_0000_0000UL;

    [Fact]
    public void Mul_keeps_the_low_64_bits() =>
        Assert.Equal(unchecked(0x1234_5678_9ABC_DEF0UL * 0x0FED_CBA9_8765_4321UL), Rig.Eval(Mul(T2, T0, T1), 0x1234_5678_9ABC_DEF0UL, 0x0FED_CBA9_8765_4321UL));

    [Theory]
    [InlineData(Neg1, Neg1, 0UL, Neg1 - 1, Neg1)]  // -1*-1 = 1 ; mulhu = 2^64-2 ; mulhsu: -1 * (2^64-1) = -(2^64-1): high is -1
    [InlineData(Min64, Min64, 0x4000_0000_0000_0000UL, 0x4000_0000_0000_0000UL, 0xC000_0000_0000_0000UL)]
    [InlineData(2UL, 3UL, 0UL, 0UL, 0UL)]
    [InlineData(Neg1, 2UL, Neg1, 1UL, Neg1)]
    public void High_multiplies_treat_operands_as_signed_unsigned_or_mixed(ulong a, ulong b, ulong mulh, ulong mulhu, ulong mulhsu)
    {
        Assert.Equal(mulh, Rig.Eval(Mulh(T2, T0, T1), a, b));
        Assert.Equal(mulhu, Rig.Eval(Mulhu(T2, T0, T1), a, b));
        Assert.Equal(mulhsu, Rig.Eval(Mulhsu(T2, T0, T1), a, b));
    }

    [Fact]
    public void Mulw_sign_extends_the_low_32_bits() =>
        Assert.Equal(0xFFFF_FFFF_8000_0000UL, Rig.Eval(Mulw(T2, T0, T1), 0x4000_0000, 2));

    [Fact]
    public void Division_by_zero_gives_all_ones_quotient_and_the_dividend_as_remainder()
    {
        const ulong a = 0x1234_5678_9ABC_DEF0UL;
        Assert.Equal(Neg1, Rig.Eval(Div(T2, T0, T1), a, 0));
        Assert.Equal(Neg1, Rig.Eval(Divu(T2, T0, T1), a, 0));
        Assert.Equal(a, Rig.Eval(Rem(T2, T0, T1), a, 0));
        Assert.Equal(a, Rig.Eval(Remu(T2, T0, T1), a, 0));
        Assert.Equal(Neg1, Rig.Eval(Divw(T2, T0, T1), a, 0xFFFF_FFFF_0000_0000UL));
        Assert.Equal(Neg1, Rig.Eval(Divuw(T2, T0, T1), a, 0xFFFF_FFFF_0000_0000UL));
        Assert.Equal(0xFFFF_FFFF_9ABC_DEF0UL, Rig.Eval(Remw(T2, T0, T1), a, 0));
        Assert.Equal(0xFFFF_FFFF_9ABC_DEF0UL, Rig.Eval(Remuw(T2, T0, T1), a, 0));
    }

    [Fact]
    public void Signed_overflow_gives_the_dividend_and_a_zero_remainder()
    {
        Assert.Equal(Min64, Rig.Eval(Div(T2, T0, T1), Min64, Neg1));
        Assert.Equal(0UL, Rig.Eval(Rem(T2, T0, T1), Min64, Neg1));
        Assert.Equal(0xFFFF_FFFF_8000_0000UL, Rig.Eval(Divw(T2, T0, T1), 0x8000_0000, Neg1));
        Assert.Equal(0UL, Rig.Eval(Remw(T2, T0, T1), 0x8000_0000, Neg1));
    }

    [Theory]
    [InlineData(7L, 2L, 3L, 1L)]
    [InlineData(-7L, 2L, -3L, -1L)]  // rounds toward zero, remainder takes the dividend's sign
    [InlineData(7L, -2L, -3L, 1L)]
    [InlineData(-7L, -2L, 3L, -1L)]
    public void Signed_division_truncates(long a, long b, long q, long r)
    {
        Assert.Equal((ulong)q, Rig.Eval(Div(T2, T0, T1), (ulong)a, (ulong)b));
        Assert.Equal((ulong)r, Rig.Eval(Rem(T2, T0, T1), (ulong)a, (ulong)b));
        Assert.Equal((ulong)q, Rig.Eval(Divw(T2, T0, T1), (ulong)a, (ulong)b));
        Assert.Equal((ulong)r, Rig.Eval(Remw(T2, T0, T1), (ulong)a, (ulong)b));
    }

    [Fact]
    public void Unsigned_division_treats_operands_as_unsigned()
    {
        Assert.Equal(Neg1 / 3, Rig.Eval(Divu(T2, T0, T1), Neg1, 3));
        Assert.Equal(Neg1 % 10, Rig.Eval(Remu(T2, T0, T1), Neg1, 10));
        // 0xFFFFFFFF / 1 = 0xFFFFFFFF, sign-extended as every W result is.
        Assert.Equal(Neg1, Rig.Eval(Divuw(T2, T0, T1), 0xFFFF_FFFF, 1));
        Assert.Equal(0x5555_5555UL, Rig.Eval(Divuw(T2, T0, T1), 0x1_FFFF_FFFF, 3));
        Assert.Equal(0xFFFF_FFFF_8000_0000UL, Rig.Eval(Remuw(T2, T0, T1), 0x8000_0000, 0x9000_0000));
    }
}
