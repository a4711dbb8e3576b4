namespace Kfork.Machine.Riscv;

/// <summary>
/// Turns a 32-bit instruction word into a <see cref="DecodedOp"/>. Pure: the same word always
/// decodes the same way, which is what lets decodes be cached per page. Anything outside
/// RV64IMA (plus Zifencei's FENCE.I) decodes to <see cref="Op.Illegal"/>.
/// </summary>
internal static class Decoder
{
    /// <summary>Scratch register index that writes to x0 are redirected to.</summary>
    public const byte Sink = 32;

    /// <summary>Register file size the execute loop needs: x0..x31 plus the sink.</summary>
    public const int RegisterFileSize = 33;

    public static DecodedOp Decode(uint w)
    {
        // Base ISA "Base Instruction-Length Encoding": low bits other than 11 are 16-bit
        // (C extension) parcels; we do not implement C, and stval holds just that parcel.
        if ((w & 3) != 3)
            return Illegal(w & 0xFFFF);

        return (w & 0x7F) switch
        {
            0x37 => Make(Op.Lui, w, ImmU(w)),
            0x17 => Make(Op.Auipc, w, ImmU(w)),
            0x6F => Make(Op.Jal, w, ImmJ(w)),
            0x67 => Funct3(w) == 0 ? Make(Op.Jalr, w, ImmI(w)) : Illegal(w),
            0x63 => Branch(w),
            0x03 => Load(w),
            0x23 => Store(w),
            0x13 => OpImm(w),
            0x1B => OpImm32(w),
            0x33 => OpReg(w),
            0x3B => OpReg32(w),
            0x0F => MiscMem(w),
            0x73 => System(w),
            0x2F => Atomic(w),
            _ => Illegal(w),
        };
    }

    private static uint Funct3(uint w) => (w >> 12) & 7;
    private static uint Funct7(uint w) => w >> 25;
    private static byte Rd(uint w) => (byte)((w >> 7) & 31);
    private static byte Rs1(uint w) => (byte)((w >> 15) & 31);
    private static byte Rs2(uint w) => (byte)((w >> 20) & 31);

    // "Immediate Encoding Variants": every immediate is sign-extended from instruction bit 31.
    private static long ImmI(uint w) => (int)w >> 20;
    private static long ImmS(uint w) => ((int)w >> 25 << 5) | (int)((w >> 7) & 0x1F);
    private static long ImmU(uint w) => (int)(w & 0xFFFFF000);

    private static long ImmB(uint w) =>
        ((int)w >> 31 << 12) | (int)(((w >> 7) & 1) << 11) | (int)(((w >> 25) & 0x3F) << 5) | (int)(((w >> 8) & 0xF) << 1);

    private static long ImmJ(uint w) =>
        ((int)w >> 31 << 20) | (int)(w & 0xFF000) | (int)(((w >> 20) & 1) << 11) | (int)(((w >> 21) & 0x3FF) << 1);

    private static DecodedOp Illegal(uint bits) => new() { Op = Op.Illegal, Imm = bits };

    /// <summary>All operand fields filled from the word; x0 as destination goes to the sink.</summary>
    private static DecodedOp Make(Op op, uint w, long imm, AmoKind amo = AmoKind.Swap)
    {
        byte rd = Rd(w);
        return new DecodedOp { Op = op, Rd = rd == 0 ? Sink : rd, Rs1 = Rs1(w), Rs2 = Rs2(w), Amo = amo, Imm = imm };
    }

    private static DecodedOp Branch(uint w) => Funct3(w) switch
    {
        0 => Make(Op.Beq, w, ImmB(w)),
        1 => Make(Op.Bne, w, ImmB(w)),
        4 => Make(Op.Blt, w, ImmB(w)),
        5 => Make(Op.Bge, w, ImmB(w)),
        6 => Make(Op.Bltu, w, ImmB(w)),
        7 => Make(Op.Bgeu, w, ImmB(w)),
        _ => Illegal(w),
    };

    private static DecodedOp Load(uint w) => Funct3(w) switch
    {
        0 => Make(Op.Lb, w, ImmI(w)),
        1 => Make(Op.Lh, w, ImmI(w)),
        2 => Make(Op.Lw, w, ImmI(w)),
        3 => Make(Op.Ld, w, ImmI(w)),
        4 => Make(Op.Lbu, w, ImmI(w)),
        5 => Make(Op.Lhu, w, ImmI(w)),
        6 => Make(Op.Lwu, w, ImmI(w)),
        _ => Illegal(w),
    };

    private static DecodedOp Store(uint w) => Funct3(w) switch
    {
        0 => Make(Op.Sb, w, ImmS(w)),
        1 => Make(Op.Sh, w, ImmS(w)),
        2 => Make(Op.Sw, w, ImmS(w)),
        3 => Make(Op.Sd, w, ImmS(w)),
        _ => Illegal(w),
    };

    /// <summary>
    /// OP-IMM. RV64I "Integer Register-Immediate Instructions": shifts take a 6-bit shamt and the
    /// remaining imm[11:6] must be 000000 (000000 or 010000 for SRAI).
    /// </summary>
    private static DecodedOp OpImm(uint w)
    {
        uint high6 = w >> 26, shamt = (w >> 20) & 63;
        return Funct3(w) switch
        {
            0 => Make(Op.Addi, w, ImmI(w)),
            2 => Make(Op.Slti, w, ImmI(w)),
            3 => Make(Op.Sltiu, w, ImmI(w)),
            4 => Make(Op.Xori, w, ImmI(w)),
            6 => Make(Op.Ori, w, ImmI(w)),
            7 => Make(Op.Andi, w, ImmI(w)),
            1 when high6 == 0 => Make(Op.Slli, w, shamt),
            5 when high6 == 0 => Make(Op.Srli, w, shamt),
            5 when high6 == 0x10 => Make(Op.Srai, w, shamt),
            _ => Illegal(w),
        };
    }

    /// <summary>OP-IMM-32: 5-bit shamt; imm[11:5] must be 0000000 (0100000 for SRAIW).</summary>
    private static DecodedOp OpImm32(uint w)
    {
        uint funct7 = Funct7(w), shamt = (w >> 20) & 31;
        return Funct3(w) switch
        {
            0 => Make(Op.Addiw, w, ImmI(w)),
            1 when funct7 == 0 => Make(Op.Slliw, w, shamt),
            5 when funct7 == 0 => Make(Op.Srliw, w, shamt),
            5 when funct7 == 0x20 => Make(Op.Sraiw, w, shamt),
            _ => Illegal(w),
        };
    }

    private static DecodedOp OpReg(uint w)
    {
        Op op = (Funct7(w), Funct3(w)) switch
        {
            (0, 0) => Op.Add, (0x20, 0) => Op.Sub, (0, 1) => Op.Sll, (0, 2) => Op.Slt,
            (0, 3) => Op.Sltu, (0, 4) => Op.Xor, (0, 5) => Op.Srl, (0x20, 5) => Op.Sra,
            (0, 6) => Op.Or, (0, 7) => Op.And,
            (1, 0) => Op.Mul, (1, 1) => Op.Mulh, (1, 2) => Op.Mulhsu, (1, 3) => Op.Mulhu,
            (1, 4) => Op.Div, (1, 5) => Op.Divu, (1, 6) => Op.Rem, (1, 7) => Op.Remu,
            _ => Op.Illegal,
        };
        return op == Op.Illegal ? Illegal(w) : Make(op, w, 0);
    }

    private static DecodedOp OpReg32(uint w)
    {
        Op op = (Funct7(w), Funct3(w)) switch
        {
            (0, 0) => Op.Addw, (0x20, 0) => Op.Subw, (0, 1) => Op.Sllw, (0, 5) => Op.Srlw, (0x20, 5) => Op.Sraw,
            (1, 0) => Op.Mulw, (1, 4) => Op.Divw, (1, 5) => Op.Divuw, (1, 6) => Op.Remw, (1, 7) => Op.Remuw,
            _ => Op.Illegal,
        };
        return op == Op.Illegal ? Illegal(w) : Make(op, w, 0);
    }

    /// <summary>
    /// MISC-MEM. One hart with no caches to keep coherent, so FENCE (any fm/pred/succ: the spec
    /// asks implementations to ignore the reserved fields) and Zifencei's FENCE.I are no-ops.
    /// </summary>
    private static DecodedOp MiscMem(uint w) => Funct3(w) <= 1 ? new DecodedOp { Op = Op.Nop } : Illegal(w);

    /// <summary>SYSTEM: only ECALL and EBREAK exist in RV64I; CSR and privileged encodings are illegal here.</summary>
    private static DecodedOp System(uint w) => w switch
    {
        0x00000073 => new DecodedOp { Op = Op.Ecall },
        0x00100073 => new DecodedOp { Op = Op.Ebreak },
        _ => Illegal(w),
    };

    /// <summary>AMO major opcode: funct3 010 is .W, 011 is .D; aq/rl need nothing on one hart.</summary>
    private static DecodedOp Atomic(uint w)
    {
        uint funct3 = Funct3(w), funct5 = w >> 27;
        if (funct3 != 2 && funct3 != 3)
            return Illegal(w);
        bool word = funct3 == 2;
        if (funct5 == 0b00010)
            return Rs2(w) == 0 ? Make(word ? Op.LrW : Op.LrD, w, 0) : Illegal(w);
        if (funct5 == 0b00011)
            return Make(word ? Op.ScW : Op.ScD, w, 0);
        AmoKind? kind = funct5 switch
        {
            0b00001 => AmoKind.Swap, 0b00000 => AmoKind.Add, 0b00100 => AmoKind.Xor,
            0b01100 => AmoKind.And, 0b01000 => AmoKind.Or, 0b10000 => AmoKind.Min,
            0b10100 => AmoKind.Max, 0b11000 => AmoKind.Minu, 0b11100 => AmoKind.Maxu,
            _ => null,
        };
        return kind is { } k ? Make(word ? Op.AmoW : Op.AmoD, w, 0, k) : Illegal(w);
    }
}
