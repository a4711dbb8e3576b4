using CsCheck;
using Kfork.Machine.Riscv;
using static Kfork.Machine.Riscv.Reg;
using static Kfork.Tests.Machine.Riscv.Asm;

namespace Kfork.Tests.Machine.Riscv;

/// <summary>Everything outside RV64IMA is an illegal instruction, never a host exception.</summary>
public class IllegalInstructionTests
{
    private static Trap RunWord(uint word) => new Rig(word).Run();

    [Theory]
    [InlineData(0x00000000u)]  // all-zero word: defined illegal
    [InlineData(0xFFFFFFFFu)]  // all ones: reserved long-instruction encoding
    [InlineData(0x0000100Bu)]  // custom-0
    [InlineData(0x00002003u | 7u << 12)]  // load funct3 111
    [InlineData(0x00004023u)]  // store funct3 100
    [InlineData(0x00002063u)]  // branch funct3 010
    [InlineData(0x00001067u)]  // jalr funct3 001
    [InlineData(0x40001013u)]  // slli with imm[11:6] = 010000
    [InlineData(0x0200101Bu)]  // slliw with shamt bit 5 set
    [InlineData(0x40000033u | 1u << 12)]  // funct7 0100000 with sll
    [InlineData(0x04000033u)]  // funct7 0000010
    [InlineData(0x0200103Bu)]  // funct7 0000001 funct3 001 in OP-32 (no mulhw)
    [InlineData(0x0000200Fu)]  // MISC-MEM funct3 010
    [InlineData(0x1000202Fu | 1u << 20)]  // lr.w with rs2 != 0
    [InlineData(0x2800202Fu)]  // AMO funct5 00101
    [InlineData(0x0000402Fu)]  // AMO funct3 100
    public void Reserved_encodings_trap_with_their_bits(uint word) =>
        Assert.Equal(new Trap(TrapCause.IllegalInstruction, word), RunWord(word));

    [Theory]
    [InlineData(0x00000001u)]  // c.nop
    [InlineData(0x00004501u)]  // c.li a0, 0
    [InlineData(0x12348082u)]  // c.ret, upper halfword is the next parcel
    public void Compressed_halfword_traps_with_the_16_bit_parcel(uint word) =>
        Assert.Equal(new Trap(TrapCause.IllegalInstruction, word & 0xFFFF), RunWord(word));

    [Theory]
    [InlineData(0x00052007u)]  // flw f0, 0(a0)
    [InlineData(0x00053027u)]  // fsd f0, 0(a0)
    [InlineData(0x00000053u)]  // fadd.s
    [InlineData(0x00000043u)]  // fmadd.s
    [InlineData(0x02000057u)]  // OP-V
    [InlineData(0xC0002573u)]  // csrr a0, cycle (rdcycle)
    [InlineData(0x00101073u)]  // csrw fflags
    [InlineData(0x30200073u)]  // mret
    [InlineData(0x10500073u)]  // wfi
    [InlineData(0x00200073u)]  // uret-like SYSTEM funct12
    [InlineData(0x00000173u)]  // ecall with rd != 0
    public void Float_vector_csr_and_privileged_instructions_are_illegal(uint word) =>
        Assert.Equal(new Trap(TrapCause.IllegalInstruction, word), RunWord(word));

    [Fact]
    public void Illegal_instruction_leaves_pc_on_it_and_earlier_work_done()
    {
        var rig = new Rig(Addi(T0, Zero, 3), 0u);
        Assert.Equal(TrapCause.IllegalInstruction, rig.Run().Cause);
        Assert.Equal(Rig.Text + 4, rig.Tf.Pc);
        Assert.Equal(3UL, rig[T0]);
    }

    /// <summary>
    /// Random words (with random registers pointing into and around mapped memory) only ever
    /// end in a trap: no host exception, whatever the word decodes to.
    /// </summary>
    [Fact]
    public void Random_words_never_throw()
    {
        Gen.Select(Gen.UInt, Gen.UInt, Gen.Int[0, 3]).Sample((word, filler, baseChoice) =>
        {
            var rig = new Rig(Prot.RWX, word, word ^ filler, Ecall());
            ulong target = baseChoice switch { 0 => Rig.Data, 1 => Rig.Text, 2 => 0, _ => filler };
            for (int r = 1; r < 32; r++)
                rig[r] = target + (ulong)(r * 8);
            Trap trap = rig.Run(budget: 8);
            Assert.NotEqual(TrapCause.None, trap.Cause);
        }, iter: 20_000);
    }
}
