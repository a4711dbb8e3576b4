using Kfork.Machine.Riscv;
using static Kfork.Machine.Riscv.Reg;
using static Kfork.Tests.Machine.Riscv.Asm;

namespace Kfork.Tests.Machine.Riscv;

/// <summary>Loads, stores, alignment and protection.</summary>
public class LoadStoreTests
{
    private static Rig WithData(ulong value, params uint[] program)
    {
        var rig = new Rig(program);
        rig.Mem.Write64(Rig.Data + 8, value);
        rig[A0] = Rig.Data;
        return rig;
    }

    [Fact]
    public void Loads_sign_or_zero_extend()
    {
        var rig = WithData(0x8899_AABB_CCDD_EEFFUL,
            Lb(T0, A0, 8), Lbu(T1, A0, 8), Lh(T2, A0, 8), Lhu(T3, A0, 8),
            Lw(T4, A0, 8), Lwu(T5, A0, 8), Ld(T6, A0, 8), Lw(S2, A0, 12), Ecall()).RunToEcall();
        Assert.Equal(0xFFFF_FFFF_FFFF_FFFFUL, rig[T0]);
        Assert.Equal(0xFFUL, rig[T1]);
        Assert.Equal(0xFFFF_FFFF_FFFF_EEFFUL, rig[T2]);
        Assert.Equal(0xEEFFUL, rig[T3]);
        Assert.Equal(0xFFFF_FFFF_CCDD_EEFFUL, rig[T4]);
        Assert.Equal(0xCCDD_EEFFUL, rig[T5]);
        Assert.Equal(0x8899_AABB_CCDD_EEFFUL, rig[T6]);
        Assert.Equal(0xFFFF_FFFF_8899_AABBUL, rig[S2]);
    }

    [Fact]
    public void Positive_values_load_without_sign_extension()
    {
        var rig = WithData(0x0102_0304_0506_0708UL, Lb(T0, A0, 8), Lh(T1, A0, 8), Lw(T2, A0, 8), Ecall()).RunToEcall();
        Assert.Equal((0x08UL, 0x0708UL, 0x0506_0708UL), (rig[T0], rig[T1], rig[T2]));
    }

    [Fact]
    public void Stores_write_only_their_width_little_endian()
    {
        var rig = WithData(ulong.MaxValue, Sb(T0, A0, 8), Sh(T0, A0, 10), Sw(Zero, A0, 12), Sd(T0, A0, 16), Ecall());
        rig[T0] = 0x1122_3344_5566_7788UL;
        rig.RunToEcall();
        Assert.Equal(0x0000_0000_7788_FF88UL, rig.Mem.Read64(Rig.Data + 8));
        Assert.Equal(0x1122_3344_5566_7788UL, rig.Mem.Read64(Rig.Data + 16));
    }

    [Fact]
    public void Negative_offsets_address_below_the_base()
    {
        var rig = WithData(42, Ld(T0, A0, -8), Ecall());
        rig[A0] = Rig.Data + 16;
        Assert.Equal(42UL, rig.RunToEcall()[T0]);
    }

    [Fact]
    public void Load_into_x0_still_faults_when_unmapped()
    {
        var rig = new Rig(Ld(Zero, A0, 0), Ecall());
        rig[A0] = 0x9000_0000;
        Assert.Equal(new Trap(TrapCause.LoadAccessFault, 0x9000_0000), rig.Run());
    }

    [Theory]
    [InlineData("lh", 1UL)]
    [InlineData("lw", 2UL)]
    [InlineData("ld", 4UL)]
    [InlineData("lhu", 3UL)]
    [InlineData("lwu", 6UL)]
    public void Misaligned_load_traps_with_the_address(string name, ulong offset)
    {
        uint insn = name switch { "lh" => Lh(T0, A0, 0), "lw" => Lw(T0, A0, 0), "ld" => Ld(T0, A0, 0), "lhu" => Lhu(T0, A0, 0), _ => Lwu(T0, A0, 0) };
        var rig = new Rig(insn, Ecall());
        rig[A0] = Rig.Data + offset;
        Assert.Equal(new Trap(TrapCause.LoadMisaligned, Rig.Data + offset), rig.Run());
        Assert.Equal(Rig.Text, rig.Tf.Pc);
    }

    [Theory]
    [InlineData("sh", 1UL)]
    [InlineData("sw", 2UL)]
    [InlineData("sd", 4UL)]
    public void Misaligned_store_traps_without_writing(string name, ulong offset)
    {
        uint insn = name switch { "sh" => Sh(T0, A0, 0), "sw" => Sw(T0, A0, 0), _ => Sd(T0, A0, 0) };
        var rig = new Rig(insn, Ecall());
        rig[A0] = Rig.Data + offset;
        rig[T0] = ulong.MaxValue;
        Assert.Equal(new Trap(TrapCause.StoreMisaligned, Rig.Data + offset), rig.Run());
        Assert.Equal(0UL, rig.Mem.Read64(Rig.Data));
    }

    [Fact]
    public void Unmapped_load_and_store_give_access_faults_with_the_address()
    {
        var load = new Rig(Lw(T0, A0, 4), Ecall());
        load[A0] = 0x7000_0000;
        Assert.Equal(new Trap(TrapCause.LoadAccessFault, 0x7000_0004), load.Run());

        var store = new Rig(Addi(Zero, Zero, 0), Sw(T0, A0, -4), Ecall());
        store[A0] = 0x7000_0000;
        Assert.Equal(new Trap(TrapCause.StoreAccessFault, 0x6FFF_FFFC), store.Run());
        Assert.Equal(Rig.Text + 4, store.Tf.Pc);
    }

    [Fact]
    public void Store_to_a_read_only_page_faults_but_load_works()
    {
        var rig = new Rig(Ld(T0, A0, 0), Sd(T0, A0, 0), Ecall());
        rig.Mem.Protect(Rig.Data, Prot.Read);
        rig[A0] = Rig.Data;
        Assert.Equal(new Trap(TrapCause.StoreAccessFault, Rig.Data), rig.Run());
        Assert.Equal(Rig.Text + 4, rig.Tf.Pc);
    }

    [Fact]
    public void Fetch_from_unmapped_or_non_executable_page_is_an_instruction_access_fault()
    {
        var rig = new Rig(Jalr(Zero, A0, 0));
        rig[A0] = Rig.Data;  // mapped read/write, not executable
        Assert.Equal(new Trap(TrapCause.InstructionAccessFault, Rig.Data), rig.Run());
        Assert.Equal(Rig.Data, rig.Tf.Pc);

        rig.Tf.Pc = 0x5000_0000;
        Assert.Equal(new Trap(TrapCause.InstructionAccessFault, 0x5000_0000), rig.Run());
    }

    [Fact]
    public void Copy_on_write_store_lands_in_the_private_copy_and_later_loads_see_it()
    {
        var rig = new Rig(Ld(T0, A0, 0), Sd(T1, A0, 0), Ld(T2, A0, 0), Ecall());
        var shared = rig.Mem.Map(Rig.Data, Prot.RW, copyOnWrite: true);
        rig.Mem.Write64(Rig.Data, 5);
        rig[A0] = Rig.Data;
        rig[T1] = 6;
        rig.RunToEcall();
        Assert.Equal((5UL, 6UL), (rig[T0], rig[T2]));
        Assert.Equal(5UL, BitConverter.ToUInt64(shared.Data));
        Assert.Equal(6UL, rig.Mem.Read64(Rig.Data));
    }
}
