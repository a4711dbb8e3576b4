using Kfork.Machine.Riscv;
using static Kfork.Machine.Riscv.Reg;
using static Kfork.Tests.Machine.Riscv.Asm;

namespace Kfork.Tests.Machine.Riscv;

/// <summary>Jumps, branches, and where Pc stands after a trap.</summary>
public class ControlFlowTests
{
    [Fact]
    public void Jal_links_the_next_pc_and_jumps()
    {
        var rig = new Rig(Jal(Ra, 8), Addi(T0, Zero, 1), Ecall()).RunToEcall();
        Assert.Equal(Rig.Text + 4, rig[Ra]);
        Assert.Equal(0UL, rig[T0]);
        Assert.Equal(Rig.Text + 8, rig.Tf.Pc);
    }

    [Fact]
    public void Jal_backwards()
    {
        var rig = new Rig(Jal(Zero, 8), Ecall(), Addi(T0, Zero, 9), Jal(Zero, -8)).RunToEcall();
        Assert.Equal(9UL, rig[T0]);
        Assert.Equal(Rig.Text + 4, rig.Tf.Pc);
    }

    [Fact]
    public void Jalr_clears_bit_zero_and_links_after_reading_rs1()
    {
        var rig = new Rig(Jalr(T0, T0, 1), Addi(T1, Zero, 1), Ecall());
        rig[T0] = Rig.Text + 8;
        rig.RunToEcall();
        Assert.Equal(Rig.Text + 4, rig[T0]);
        Assert.Equal(0UL, rig[T1]);
    }

    [Fact]
    public void Jump_to_a_misaligned_target_traps_on_the_jump_without_linking()
    {
        var rig = new Rig(Jalr(Ra, T0, 2));
        rig[T0] = Rig.Text + 4;
        Assert.Equal(new Trap(TrapCause.InstructionMisaligned, Rig.Text + 6), rig.Run());
        Assert.Equal(Rig.Text, rig.Tf.Pc);
        Assert.Equal(0UL, rig[Ra]);
    }

    [Fact]
    public void Taken_branch_to_a_misaligned_target_traps_but_untaken_does_not()
    {
        var rig = new Rig(Bne(T0, Zero, 6), Blt(T0, Zero, 6), Ecall());
        rig.RunToEcall();  // neither taken
        rig.Tf.Pc = Rig.Text;
        rig[T0] = 1;
        Assert.Equal(new Trap(TrapCause.InstructionMisaligned, Rig.Text + 6), rig.Run());
        Assert.Equal(Rig.Text, rig.Tf.Pc);
    }

    public static TheoryData<string, ulong, ulong, bool> Branches => new()
    {
        { "beq", 5, 5, true }, { "beq", 5, 6, false },
        { "bne", 5, 6, true }, { "bne", 5, 5, false },
        { "blt", ulong.MaxValue, 1, true }, { "blt", 1, ulong.MaxValue, false }, { "blt", 3, 3, false },
        { "bge", 1, ulong.MaxValue, true }, { "bge", 3, 3, true }, { "bge", ulong.MaxValue, 1, false },
        { "bltu", 1, ulong.MaxValue, true }, { "bltu", ulong.MaxValue, 1, false }, { "bltu", 3, 3, false },
        { "bgeu", ulong.MaxValue, 1, true }, { "bgeu", 3, 3, true }, { "bgeu", 1, ulong.MaxValue, false },
    };

    [Theory]
    [MemberData(nameof(Branches))]
    public void Branch_taken_or_not(string name, ulong a, ulong b, bool taken)
    {
        Func<int, int, long, uint> branch = name switch
        {
            "beq" => Beq, "bne" => Bne, "blt" => Blt, "bge" => Bge, "bltu" => Bltu, _ => Bgeu,
        };
        var rig = new Rig(branch(T0, T1, 8), Addi(T2, Zero, 1), Ecall());
        rig[T0] = a;
        rig[T1] = b;
        rig.RunToEcall();
        Assert.Equal(taken ? 0UL : 1UL, rig[T2]);
    }

    [Fact]
    public void Ecall_leaves_pc_on_the_ecall_and_the_kernel_steps_over_it()
    {
        var rig = new Rig(Ecall(), Addi(A0, Zero, 7), Ecall());
        rig.RunToEcall();
        Assert.Equal(Rig.Text, rig.Tf.Pc);
        rig.Tf.Pc += 4;
        rig.RunToEcall();
        Assert.Equal(7UL, rig[A0]);
        Assert.Equal(Rig.Text + 8, rig.Tf.Pc);
    }

    [Fact]
    public void Ebreak_traps_as_breakpoint_at_its_address()
    {
        var rig = new Rig(Addi(Zero, Zero, 0), Ebreak());
        Assert.Equal(new Trap(TrapCause.Breakpoint, Rig.Text + 4), rig.Run());
        Assert.Equal(Rig.Text + 4, rig.Tf.Pc);
    }

    [Fact]
    public void Execution_falls_through_into_the_next_page()
    {
        var rig = new Rig();
        rig.Mem.Map(Rig.Text + 0x1000, Prot.RX);
        rig.Mem.WriteWords(Rig.Text + 0xFFC, Addi(T0, Zero, 1));
        rig.Mem.WriteWords(Rig.Text + 0x1000, Addi(T1, Zero, 2), Ecall());
        rig.Tf.Pc = Rig.Text + 0xFFC;
        rig.RunToEcall();
        Assert.Equal((1UL, 2UL), (rig[T0], rig[T1]));
    }
}
