using Kfork.Machine.Riscv;
using Kfork.Sys;
using static Kfork.Machine.Riscv.Reg;
using static Kfork.Tests.Machine.Riscv.Asm;

namespace Kfork.Tests.Machine.Riscv;

/// <summary>Budget, translation caching, self-modifying code, frames and signals.</summary>
public class CpuStateTests
{
    /// <summary>t0 counts down from a0 to zero, t1 accumulates: 3 instructions per iteration.</summary>
    private static Rig CountingLoop(ulong iterations)
    {
        var rig = new Rig(Addi(T1, T1, 2), Addi(A0, A0, -1), Bne(A0, Zero, -8), Ecall());
        rig[A0] = iterations;
        return rig;
    }

    [Fact]
    public void Budget_stops_execution_and_resuming_finishes_exactly()
    {
        var rig = CountingLoop(100);
        long budget = 31;
        Assert.Equal(new Trap(TrapCause.BudgetExhausted, 0), rig.Cpu.Run(rig.Tf, rig.Mem, ref budget));
        Assert.Equal(0, budget);
        Assert.Equal(Rig.Text + 4, rig.Tf.Pc);  // 10 full iterations, then the first addi of the 11th
        Assert.Equal(22UL, rig[T1]);
        Assert.Equal(90UL, rig[A0]);

        budget = 1000;
        Assert.Equal(TrapCause.Ecall, rig.Cpu.Run(rig.Tf, rig.Mem, ref budget).Cause);
        Assert.Equal(1000 - (300 - 31), budget);  // the trapping ecall does not retire
        Assert.Equal(200UL, rig[T1]);
    }

    [Fact]
    public void Budget_in_single_steps_gives_the_same_result()
    {
        var rig = CountingLoop(7);
        int runs = 0;
        while (true)
        {
            long budget = 1;
            Trap trap = rig.Cpu.Run(rig.Tf, rig.Mem, ref budget);
            runs++;
            if (trap.Cause == TrapCause.Ecall)
                break;
            Assert.Equal((TrapCause.BudgetExhausted, 0L), (trap.Cause, budget));
        }
        Assert.Equal(22, runs);
        Assert.Equal(14UL, rig[T1]);
    }

    [Fact]
    public void Zero_budget_returns_at_once()
    {
        var rig = CountingLoop(3);
        Assert.Equal(TrapCause.BudgetExhausted, rig.Run(budget: 0).Cause);
        Assert.Equal(Rig.Text, rig.Tf.Pc);
    }

    [Fact]
    public void Unmapping_between_runs_is_noticed_through_the_generation()
    {
        var rig = new Rig(Ld(T0, A0, 0), Ecall(), Ld(T0, A0, 0), Ecall());
        rig[A0] = Rig.Data;
        rig.RunToEcall();
        rig.Mem.Unmap(Rig.Data);
        rig.Tf.Pc += 4;
        Assert.Equal(new Trap(TrapCause.LoadAccessFault, Rig.Data), rig.Run());
    }

    [Fact]
    public void Write_protection_between_runs_is_noticed()
    {
        var rig = new Rig(Sd(T0, A0, 0), Ecall(), Sd(T0, A0, 0), Ecall());
        rig[A0] = Rig.Data;
        rig.RunToEcall();
        rig.Mem.Protect(Rig.Data, Prot.Read);
        rig.Tf.Pc += 4;
        Assert.Equal(new Trap(TrapCause.StoreAccessFault, Rig.Data), rig.Run());
    }

    [Fact]
    public void Switching_address_space_object_flushes_translations()
    {
        var first = new Rig(Ld(T0, A0, 0), Ecall());
        var second = new Rig(Ld(T0, A0, 0), Ecall());
        first.Mem.Write64(Rig.Data, 1);
        second.Mem.Write64(Rig.Data, 2);
        var cpu = new Cpu();
        foreach (var (rig, expected) in new[] { (first, 1UL), (second, 2UL), (first, 1UL) })
        {
            var tf = new TrapFrame { Pc = Rig.Text };
            tf.X[A0] = Rig.Data;
            long budget = 10;
            Assert.Equal(TrapCause.Ecall, cpu.Run(tf, rig.Mem, ref budget).Cause);
            Assert.Equal(expected, tf.X[T0]);
        }
    }

    [Fact]
    public void Translations_are_cached_across_instructions_and_runs()
    {
        var rig = CountingLoop(1000);
        rig.Tf.X[A1] = Rig.Data;
        rig.RunToEcall();
        int afterFirst = rig.Mem.Translations;
        rig.Tf.Pc = Rig.Text;
        rig[A0] = 1000;
        rig.RunToEcall();
        Assert.True(afterFirst <= 2, $"{afterFirst} translations");
        Assert.Equal(afterFirst, rig.Mem.Translations);
    }

    [Fact]
    public void FlushTlb_forces_fresh_translations()
    {
        var rig = CountingLoop(1);
        rig.RunToEcall();
        int before = rig.Mem.Translations;
        rig.Cpu.FlushTlb();
        rig.Tf.Pc = Rig.Text;
        rig[A0] = 1;
        rig.RunToEcall();
        Assert.Equal(before + 1, rig.Mem.Translations);
    }

    [Fact]
    public void Self_modifying_code_runs_the_newly_stored_instruction()
    {
        // Execute slot 2 once (addi t0, t0, 1), overwrite it with addi t0, t0, 100, execute again.
        uint patched = Addi(T0, T0, 100);
        var rig = new Rig(Prot.RWX,
            Addi(T1, Zero, 2),          // 0: passes left
            Auipc(A0, 0),               // 4: a0 = Text + 4
            Addi(T0, T0, 1),            // 8: the instruction to patch
            Sw(A1, A0, 4),              // 12: store the new word over slot 8
            Addi(T1, T1, -1),           // 16
            Bne(T1, Zero, -12),         // 20: back to 8
            Ecall());
        rig[A1] = patched;
        rig.RunToEcall();
        Assert.Equal(101UL, rig[T0]);
    }

    [Fact]
    public void Self_modifying_store_into_a_copy_on_write_code_page_runs_the_new_instruction()
    {
        var rig = new Rig(Prot.RWX);
        rig.Mem.Map(Rig.Text, Prot.RWX, copyOnWrite: true);
        rig.Mem.WriteWords(Rig.Text, Addi(T0, Zero, 1), Sw(A1, A0, 0), Addi(T0, Zero, 1), Ecall());
        rig[A0] = Rig.Text + 8;
        rig[A1] = Addi(T0, Zero, 7);
        rig.RunToEcall();
        Assert.Equal(7UL, rig[T0]);
    }

    [Fact]
    public void Kernel_rewriting_code_between_runs_is_picked_up()
    {
        var rig = new Rig(Addi(T0, Zero, 1), Ecall());
        rig.RunToEcall();
        rig.Mem.WriteWords(Rig.Text, Addi(T0, Zero, 2), Ecall());
        rig.Tf.Pc = Rig.Text;
        Assert.Equal(2UL, rig.RunToEcall()[T0]);
    }

    [Fact]
    public void A_page_copy_that_inherited_the_decode_cache_runs_its_own_bytes()
    {
        var rig = new Rig(Addi(T0, Zero, 1), Ecall());
        rig.RunToEcall();
        var copy = rig.Mem.Map(0x30000, Prot.RX);
        Buffer.BlockCopy(new[] { Addi(T0, Zero, 2), Ecall() }, 0, copy.Data, 0, 8);
        copy.DecodeCache = rig.Mem.PageAt(Rig.Text).DecodeCache;  // as if a copy-on-write copy kept it
        rig.Tf.Pc = 0x30000;
        Assert.Equal(2UL, rig.RunToEcall()[T0]);
        rig.Tf.Pc = Rig.Text;
        Assert.Equal(1UL, rig.RunToEcall()[T0]);
    }

    [Fact]
    public void Frames_of_different_lwps_share_one_cpu_without_interference()
    {
        var rig = CountingLoop(10);
        TrapFrame other = rig.Tf.Clone();
        other.X[A0] = 5;
        long budget = 4;
        rig.Cpu.Run(rig.Tf, rig.Mem, ref budget);
        budget = 1000;
        rig.Cpu.Run(other, rig.Mem, ref budget);
        rig.RunToEcall();
        Assert.Equal((20UL, 10UL), (rig[T1], other.X[T1]));
    }

    [Fact]
    public void Clone_copies_registers_pc_and_reservation_independently()
    {
        var tf = new TrapFrame { Pc = 0x1234, ReservationAddress = 0x40, ReservationValid = true };
        tf.X[A0] = 7;
        TrapFrame child = tf.Clone();
        child.X[A0] = 0;
        Assert.Equal((7UL, 0x1234UL, 0x40UL, true), (tf.X[A0], child.Pc, child.ReservationAddress, child.ReservationValid));
        var again = new TrapFrame();
        Assert.Same(again, again.CopyFrom(tf));
        Assert.Equal(7UL, again.X[A0]);
    }

    [Fact]
    public void Misaligned_entry_pc_traps_as_instruction_misaligned()
    {
        var rig = new Rig(Ecall());
        rig.Tf.Pc = Rig.Text + 2;
        Assert.Equal(new Trap(TrapCause.InstructionMisaligned, Rig.Text + 2), rig.Run());
    }

    [Theory]
    [InlineData(TrapCause.IllegalInstruction, Sig.SIGILL)]
    [InlineData(TrapCause.Breakpoint, Sig.SIGTRAP)]
    [InlineData(TrapCause.InstructionAccessFault, Sig.SIGSEGV)]
    [InlineData(TrapCause.LoadAccessFault, Sig.SIGSEGV)]
    [InlineData(TrapCause.StoreAccessFault, Sig.SIGSEGV)]
    [InlineData(TrapCause.InstructionMisaligned, Sig.SIGBUS)]
    [InlineData(TrapCause.LoadMisaligned, Sig.SIGBUS)]
    [InlineData(TrapCause.StoreMisaligned, Sig.SIGBUS)]
    [InlineData(TrapCause.Ecall, 0)]
    [InlineData(TrapCause.BudgetExhausted, 0)]
    [InlineData(TrapCause.None, 0)]
    public void Traps_map_to_bsd_signals(TrapCause cause, int signo) =>
        Assert.Equal(signo, TrapSignal.For(new Trap(cause, 0)));

    [Fact]
    public void Built_in_compute_loop_retires_the_predicted_instruction_count()
    {
        var mem = new ComputeLoop.Memory();
        Assert.Equal(ComputeLoop.Instructions(1000), ComputeLoop.Run(new Cpu(), mem, 1000));
        Assert.True(CpuSelfTest.MeasureMips(100_000) > 0);
    }
}
