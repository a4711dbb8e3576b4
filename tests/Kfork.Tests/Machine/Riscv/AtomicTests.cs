using Kfork.Machine.Riscv;
using static Kfork.Machine.Riscv.Reg;
using static Kfork.Tests.Machine.Riscv.Asm;

namespace Kfork.Tests.Machine.Riscv;

/// <summary>A extension: LR/SC reservations and every AMO.</summary>
public class AtomicTests
{
    private static Rig At(ulong memValue, params uint[] program)
    {
        var rig = new Rig(program);
        rig.Mem.Write64(Rig.Data, memValue);
        rig[A0] = Rig.Data;
        return rig;
    }

    [Fact]
    public void Lr_then_sc_succeeds_and_writes()
    {
        var rig = At(10, LrD(T0, A0), Addi(T0, T0, 1), ScD(T1, A0, T0), Ecall()).RunToEcall();
        Assert.Equal(0UL, rig[T1]);
        Assert.Equal(11UL, rig.Mem.Read64(Rig.Data));
    }

    [Fact]
    public void Lr_w_sign_extends_and_sc_w_writes_32_bits()
    {
        var rig = At(0xAAAA_AAAA_8000_0000UL, LrW(T0, A0), ScW(T1, A0, T2), Ecall());
        rig[T2] = 0x1234_5678_0000_0001UL;
        rig.RunToEcall();
        Assert.Equal(0xFFFF_FFFF_8000_0000UL, rig[T0]);
        Assert.Equal(0UL, rig[T1]);
        Assert.Equal(0xAAAA_AAAA_0000_0001UL, rig.Mem.Read64(Rig.Data));
    }

    [Fact]
    public void Sc_without_reservation_fails_and_does_not_write()
    {
        var rig = At(10, ScD(T1, A0, T0), Ecall());
        rig[T0] = 99;
        rig.RunToEcall();
        Assert.Equal(1UL, rig[T1]);
        Assert.Equal(10UL, rig.Mem.Read64(Rig.Data));
    }

    [Fact]
    public void Second_sc_fails_because_sc_consumes_the_reservation()
    {
        var rig = At(10, LrD(T0, A0), ScD(T1, A0, T0), ScD(T2, A0, T0), Ecall()).RunToEcall();
        Assert.Equal((0UL, 1UL), (rig[T1], rig[T2]));
    }

    [Fact]
    public void Sc_to_another_address_fails()
    {
        var rig = At(10, LrD(T0, A0), Addi(A1, A0, 8), ScD(T1, A1, T0), Ecall()).RunToEcall();
        Assert.Equal(1UL, rig[T1]);
        Assert.Equal(0UL, rig.Mem.Read64(Rig.Data + 8));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(4L)]  // another word in the same 8-byte granule
    public void Intervening_store_to_the_reserved_granule_breaks_the_reservation(long offset)
    {
        var rig = At(10, LrD(T0, A0), Sw(Zero, A0, offset), ScD(T1, A0, T0), Ecall()).RunToEcall();
        Assert.Equal(1UL, rig[T1]);
    }

    [Fact]
    public void Store_elsewhere_keeps_the_reservation()
    {
        var rig = At(10, LrD(T0, A0), Sd(Zero, A0, 8), ScD(T1, A0, T0), Ecall()).RunToEcall();
        Assert.Equal(0UL, rig[T1]);
    }

    [Fact]
    public void Intervening_amo_breaks_the_reservation()
    {
        var rig = At(10, LrD(T0, A0), AmoaddD(Zero, A0, T0), ScD(T1, A0, T0), Ecall()).RunToEcall();
        Assert.Equal(1UL, rig[T1]);
        Assert.Equal(20UL, rig.Mem.Read64(Rig.Data));
    }

    [Fact]
    public void A_trap_clears_the_reservation()
    {
        var rig = At(10, LrD(T0, A0), Ecall(), ScD(T1, A0, T0), Ecall());
        rig.RunToEcall();
        Assert.False(rig.Tf.ReservationValid);
        rig.Tf.Pc += 4;
        rig.RunToEcall();
        Assert.Equal(1UL, rig[T1]);
    }

    [Fact]
    public void A_reservation_held_in_the_frame_is_honoured()
    {
        var rig = At(10, ScD(T1, A0, T0), Ecall());
        rig.Tf.ReservationAddress = Rig.Data;
        rig.Tf.ReservationValid = true;
        rig[T0] = 11;
        rig.RunToEcall();
        Assert.Equal(0UL, rig[T1]);
        Assert.Equal(11UL, rig.Mem.Read64(Rig.Data));
    }

    [Fact]
    public void Misaligned_lr_and_sc_trap()
    {
        var lr = At(0, LrW(T0, A0), Ecall());
        lr[A0] = Rig.Data + 2;
        Assert.Equal(new Trap(TrapCause.LoadMisaligned, Rig.Data + 2), lr.Run());
        var sc = At(0, ScD(T0, A0, T1), Ecall());
        sc[A0] = Rig.Data + 4;
        Assert.Equal(new Trap(TrapCause.StoreMisaligned, Rig.Data + 4), sc.Run());
    }

    [Fact]
    public void Amo_faults_report_store_causes()
    {
        var rig = At(0, AmoaddW(T0, A0, T1), Ecall());
        rig[A0] = Rig.Data + 2;
        Assert.Equal(new Trap(TrapCause.StoreMisaligned, Rig.Data + 2), rig.Run());
        rig.Mem.Protect(Rig.Data, Prot.Read);
        rig[A0] = Rig.Data;
        Assert.Equal(new Trap(TrapCause.StoreAccessFault, Rig.Data), rig.Run());
    }

    private const uint Swap = 0b00001, AddOp = 0b00000, XorOp = 0b00100, AndOp = 0b01100, OrOp = 0b01000,
        Min = 0b10000, Max = 0b10100, Minu = 0b11000, Maxu = 0b11100;

    public static TheoryData<uint, ulong, ulong, ulong> DoubleCases => new()
    {
        // funct5, memory, rs2, new memory (rd always gets the old memory value)
        { Swap, 5, 9, 9 },
        { AddOp, ulong.MaxValue, 2, 1 },
        { XorOp, 0b1100, 0b1010, 0b0110 },
        { AndOp, 0b1100, 0b1010, 0b1000 },
        { OrOp, 0b1100, 0b1010, 0b1110 },
        { Min, ulong.MaxValue, 1, ulong.MaxValue },
        { Max, ulong.MaxValue, 1, 1 },
        { Minu, ulong.MaxValue, 1, 1 },
        { Maxu, ulong.MaxValue, 1, ulong.MaxValue },
    };

    [Theory]
    [MemberData(nameof(DoubleCases))]
    public void Amo_d_returns_old_value_and_stores_the_combination(uint funct5, ulong mem, ulong src, ulong stored)
    {
        var rig = At(mem, Atomic(funct5, false, T0, A0, T1), Ecall());
        rig[T1] = src;
        rig.RunToEcall();
        Assert.Equal(mem, rig[T0]);
        Assert.Equal(stored, rig.Mem.Read64(Rig.Data));
    }

    public static TheoryData<uint, uint, ulong, uint> WordCases => new()
    {
        // funct5, memory word, rs2 (upper half ignored), new memory word
        { Swap, 0x8000_0000, 0xDEAD_0000_0000_0007, 7 },
        { AddOp, 0xFFFF_FFFF, 0x1_0000_0002, 1 },
        { XorOp, 0b1100, 0b1010, 0b0110 },
        { AndOp, 0b1100, 0b1010, 0b1000 },
        { OrOp, 0b1100, 0b1010, 0b1110 },
        { Min, 0x8000_0000, 1, 0x8000_0000 },            // most negative word wins
        { Max, 0x8000_0000, 1, 1 },
        { Minu, 0x8000_0000, 0xFFFF_FFFF_0000_0001, 1 },  // upper half of rs2 must not matter
        { Maxu, 0x8000_0000, 0xFFFF_FFFF_0000_0001, 0x8000_0000 },
        { Min, 5, 0x0000_0001_FFFF_FFFF, 0xFFFF_FFFF },   // rs2 compares as the signed word -1
    };

    [Theory]
    [MemberData(nameof(WordCases))]
    public void Amo_w_works_on_32_bits_and_sign_extends_the_old_value(uint funct5, uint mem, ulong src, uint stored)
    {
        const ulong neighbour = 0x5A5A_5A5A_0000_0000UL;
        var rig = At(neighbour | mem, Atomic(funct5, true, T0, A0, T1), Ecall());
        rig[T1] = src;
        rig.RunToEcall();
        Assert.Equal((ulong)(long)(int)mem, rig[T0]);
        Assert.Equal(neighbour | stored, rig.Mem.Read64(Rig.Data));
    }

    [Fact]
    public void Amo_with_rd_equal_rs2_uses_the_source_before_overwriting_it()
    {
        var rig = At(5, AmoaddD(T1, A0, T1), Ecall());
        rig[T1] = 3;
        rig.RunToEcall();
        Assert.Equal(5UL, rig[T1]);
        Assert.Equal(8UL, rig.Mem.Read64(Rig.Data));
    }
}
