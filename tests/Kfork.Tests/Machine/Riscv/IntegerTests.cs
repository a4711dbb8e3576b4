using Kfork.Machine.Riscv;
using static Kfork.Machine.Riscv.Reg;
using static Kfork.Tests.Machine.Riscv.Asm;

namespace Kfork.Tests.Machine.Riscv;

/// <summary>RV64I integer computational instructions, including the W forms.</summary>
public class IntegerTests
{
    private const ulong Neg1 = ulong.MaxValue;

    [Theory]
    [InlineData(5UL, 7L, 12UL)]
    [InlineData(5UL, -7L, Neg1 - 1)]
    [InlineData(0x7FFF_FFFF_FFFF_FFFFUL, 1L, 0x8000_0000_0000_0000UL)]
    [InlineData(0UL, -2048L, 0xFFFF_FFFF_FFFF_F800UL)]
    [InlineData(0UL, 2047L, 2047UL)]
    public void Addi_adds_sign_extended_immediate(ulong a, long imm, ulong expected) =>
        Assert.Equal(expected, Rig.Eval(Addi(T2, T0, imm), a));

    [Theory]
    [InlineData(3UL, 4UL, 7UL)]
    [InlineData(Neg1, 1UL, 0UL)]
    public void Add_wraps(ulong a, ulong b, ulong expected) => Assert.Equal(expected, Rig.Eval(Add(T2, T0, T1), a, b));

    [Fact]
    public void Sub_wraps() => Assert.Equal(Neg1, Rig.Eval(Sub(T2, T0, T1), 0, 1));

    [Theory]
    [InlineData(Neg1, 1UL, 1UL, 0UL)]  // -1 < 1 signed, not unsigned
    [InlineData(1UL, Neg1, 0UL, 1UL)]
    [InlineData(2UL, 2UL, 0UL, 0UL)]
    [InlineData(0x8000_0000_0000_0000UL, 0x7FFF_FFFF_FFFF_FFFFUL, 1UL, 0UL)]
    public void Slt_and_sltu_compare_signed_and_unsigned(ulong a, ulong b, ulong slt, ulong sltu)
    {
        Assert.Equal(slt, Rig.Eval(Slt(T2, T0, T1), a, b));
        Assert.Equal(sltu, Rig.Eval(Sltu(T2, T0, T1), a, b));
    }

    [Theory]
    [InlineData(Neg1, 0L, 1UL, 0UL)]
    [InlineData(5UL, -1L, 0UL, 1UL)]  // sltiu: -1 sign-extends to the largest unsigned value
    [InlineData(0UL, 1L, 1UL, 1UL)]
    public void Slti_and_sltiu_sign_extend_the_immediate(ulong a, long imm, ulong slti, ulong sltiu)
    {
        Assert.Equal(slti, Rig.Eval(Slti(T2, T0, imm), a));
        Assert.Equal(sltiu, Rig.Eval(Sltiu(T2, T0, imm), a));
    }

    [Fact]
    public void Logical_immediates_sign_extend()
    {
        Assert.Equal(0xFFFF_FFFF_FFFF_F8F0UL ^ 0x1234, Rig.Eval(Xori(T2, T0, -0x710), 0x1234));
        Assert.Equal(0xFFFF_FFFF_FFFF_FFFFUL, Rig.Eval(Ori(T2, T0, -1), 0x1234));
        Assert.Equal(0x1230UL, Rig.Eval(Andi(T2, T0, -16), 0x1234));
        Assert.Equal(0x6UL, Rig.Eval(Xor(T2, T0, T1), 0x5, 0x3));
        Assert.Equal(0x7UL, Rig.Eval(Or(T2, T0, T1), 0x5, 0x3));
        Assert.Equal(0x1UL, Rig.Eval(And(T2, T0, T1), 0x5, 0x3));
    }

    [Fact]
    public void Immediate_shifts_use_six_bit_amounts()
    {
        Assert.Equal(0x8000_0000_0000_0000UL, Rig.Eval(Slli(T2, T0, 63), 1));
        Assert.Equal(1UL, Rig.Eval(Srli(T2, T0, 63), 0x8000_0000_0000_0000UL));
        Assert.Equal(Neg1, Rig.Eval(Srai(T2, T0, 63), 0x8000_0000_0000_0000UL));
        Assert.Equal(0x0000_0001_0000_0000UL, Rig.Eval(Slli(T2, T0, 32), 1));
    }

    [Fact]
    public void Register_shifts_mask_the_amount_to_six_bits()
    {
        Assert.Equal(2UL, Rig.Eval(Sll(T2, T0, T1), 1, 65));
        Assert.Equal(0x4000_0000_0000_0000UL, Rig.Eval(Srl(T2, T0, T1), 0x8000_0000_0000_0000UL, 64 + 1));
        Assert.Equal(0xC000_0000_0000_0000UL, Rig.Eval(Sra(T2, T0, T1), 0x8000_0000_0000_0000UL, 0xFFC1));
    }

    [Theory]
    [InlineData(0x7FFF_FFFFUL, 1L, 0xFFFF_FFFF_8000_0000UL)]
    [InlineData(0xFFFF_FFFF_0000_0001UL, 0L, 1UL)]
    [InlineData(0UL, -1L, Neg1)]
    public void Addiw_sign_extends_32_bit_result(ulong a, long imm, ulong expected) =>
        Assert.Equal(expected, Rig.Eval(Addiw(T2, T0, imm), a));

    [Fact]
    public void Addw_and_subw_sign_extend_32_bit_results()
    {
        Assert.Equal(0xFFFF_FFFF_8000_0000UL, Rig.Eval(Addw(T2, T0, T1), 0x7FFF_FFFF, 1));
        Assert.Equal(0x7FFF_FFFFUL, Rig.Eval(Subw(T2, T0, T1), 0x8000_0000, 1));
        Assert.Equal(0UL, Rig.Eval(Addw(T2, T0, T1), 0x1_0000_0000, 0));
    }

    [Fact]
    public void Word_shifts_use_five_bit_amounts_and_sign_extend()
    {
        Assert.Equal(0xFFFF_FFFF_8000_0000UL, Rig.Eval(Slliw(T2, T0, 31), 1));
        Assert.Equal(0xFFFF_FFFF_8000_0000UL, Rig.Eval(Sllw(T2, T0, T1), 1, 31 + 32));
        Assert.Equal(1UL, Rig.Eval(Srliw(T2, T0, 31), 0xFFFF_FFFF_8000_0000UL));
        Assert.Equal(0xFFFF_FFFF_FFFF_FFFFUL, Rig.Eval(Srlw(T2, T0, T1), 0xFFFF_FFFF, 32));  // amount 0: sign-extends bit 31
        Assert.Equal(0x7FFF_FFFFUL, Rig.Eval(Srlw(T2, T0, T1), 0xFFFF_FFFF, 33));
        Assert.Equal(Neg1, Rig.Eval(Sraiw(T2, T0, 31), 0x8000_0000));
        Assert.Equal(0xFFFF_FFFF_F800_0000UL, Rig.Eval(Sraw(T2, T0, T1), 0x1234_5678_8000_0000UL, 4 + 32));
        Assert.Equal(0x0400_0000UL, Rig.Eval(Sraiw(T2, T0, 4), 0xFFFF_FFFF_4000_0000UL));  // upper bits ignored
    }

    [Fact]
    public void Lui_sign_extends_to_64_bits()
    {
        var rig = new Rig(Lui(T0, 0x80000), Lui(T1, 0x7FFFF), Ecall()).RunToEcall();
        Assert.Equal(0xFFFF_FFFF_8000_0000UL, rig[T0]);
        Assert.Equal(0x7FFF_F000UL, rig[T1]);
    }

    [Fact]
    public void Auipc_adds_sign_extended_upper_immediate_to_its_own_pc()
    {
        var rig = new Rig(Addi(Zero, Zero, 0), Auipc(T0, 0xFFFFF), Auipc(T1, 1), Ecall()).RunToEcall();
        Assert.Equal(Rig.Text + 4 - 0x1000, rig[T0]);
        Assert.Equal(Rig.Text + 8 + 0x1000, rig[T1]);
    }

    [Fact]
    public void X0_stays_zero_whatever_is_written_to_it()
    {
        var rig = new Rig(Addi(Zero, Zero, 5), Lui(Zero, 1), Add(T0, Zero, Zero), Ecall());
        rig.Tf.X[Zero] = 99;
        rig.RunToEcall();
        Assert.Equal(0UL, rig[Zero]);
        Assert.Equal(0UL, rig[T0]);
    }

    [Fact]
    public void Fence_and_fence_i_are_no_ops()
    {
        var rig = new Rig(Fence(), FenceI(), Addi(T0, Zero, 1), Ecall()).RunToEcall();
        Assert.Equal(1UL, rig[T0]);
    }
}
