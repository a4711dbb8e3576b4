using Kfork.Machine.Riscv;
using E = Kfork.Machine.Riscv.Encoding;

namespace Kfork.Tests.Machine.Riscv;

/// <summary>Instruction words for tests, built on the library's format encoders.</summary>
internal static class Asm
{
    private const uint OpImm = 0x13, OpImm32 = 0x1B, OpReg = 0x33, OpReg32 = 0x3B, Load = 0x03, Store = 0x23, Amo = 0x2F;

    public static uint Lui(int rd, uint imm20) => E.U(0x37, rd, imm20);
    public static uint Auipc(int rd, uint imm20) => E.U(0x17, rd, imm20);
    public static uint Jal(int rd, long offset) => E.J(rd, offset);
    public static uint Jalr(int rd, int rs1, long imm) => E.I(0x67, 0, rd, rs1, imm);

    public static uint Beq(int rs1, int rs2, long off) => E.B(0, rs1, rs2, off);
    public static uint Bne(int rs1, int rs2, long off) => E.B(1, rs1, rs2, off);
    public static uint Blt(int rs1, int rs2, long off) => E.B(4, rs1, rs2, off);
    public static uint Bge(int rs1, int rs2, long off) => E.B(5, rs1, rs2, off);
    public static uint Bltu(int rs1, int rs2, long off) => E.B(6, rs1, rs2, off);
    public static uint Bgeu(int rs1, int rs2, long off) => E.B(7, rs1, rs2, off);

    public static uint Lb(int rd, int rs1, long imm) => E.I(Load, 0, rd, rs1, imm);
    public static uint Lh(int rd, int rs1, long imm) => E.I(Load, 1, rd, rs1, imm);
    public static uint Lw(int rd, int rs1, long imm) => E.I(Load, 2, rd, rs1, imm);
    public static uint Ld(int rd, int rs1, long imm) => E.Ld(rd, rs1, imm);
    public static uint Lbu(int rd, int rs1, long imm) => E.I(Load, 4, rd, rs1, imm);
    public static uint Lhu(int rd, int rs1, long imm) => E.I(Load, 5, rd, rs1, imm);
    public static uint Lwu(int rd, int rs1, long imm) => E.I(Load, 6, rd, rs1, imm);
    public static uint Sb(int rs2, int rs1, long imm) => E.S(Store, 0, rs1, rs2, imm);
    public static uint Sh(int rs2, int rs1, long imm) => E.S(Store, 1, rs1, rs2, imm);
    public static uint Sw(int rs2, int rs1, long imm) => E.S(Store, 2, rs1, rs2, imm);
    public static uint Sd(int rs2, int rs1, long imm) => E.Sd(rs2, rs1, imm);

    public static uint Addi(int rd, int rs1, long imm) => E.Addi(rd, rs1, imm);
    public static uint Slti(int rd, int rs1, long imm) => E.I(OpImm, 2, rd, rs1, imm);
    public static uint Sltiu(int rd, int rs1, long imm) => E.I(OpImm, 3, rd, rs1, imm);
    public static uint Xori(int rd, int rs1, long imm) => E.I(OpImm, 4, rd, rs1, imm);
    public static uint Ori(int rd, int rs1, long imm) => E.I(OpImm, 6, rd, rs1, imm);
    public static uint Andi(int rd, int rs1, long imm) => E.I(OpImm, 7, rd, rs1, imm);
    public static uint Slli(int rd, int rs1, int shamt) => E.Slli(rd, rs1, shamt);
    public static uint Srli(int rd, int rs1, int shamt) => E.Srli(rd, rs1, shamt);
    public static uint Srai(int rd, int rs1, int shamt) => E.I(OpImm, 5, rd, rs1, 0x400 | shamt);

    public static uint Add(int rd, int rs1, int rs2) => E.Add(rd, rs1, rs2);
    public static uint Sub(int rd, int rs1, int rs2) => E.R(OpReg, 0, 0x20, rd, rs1, rs2);
    public static uint Sll(int rd, int rs1, int rs2) => E.R(OpReg, 1, 0, rd, rs1, rs2);
    public static uint Slt(int rd, int rs1, int rs2) => E.R(OpReg, 2, 0, rd, rs1, rs2);
    public static uint Sltu(int rd, int rs1, int rs2) => E.R(OpReg, 3, 0, rd, rs1, rs2);
    public static uint Xor(int rd, int rs1, int rs2) => E.Xor(rd, rs1, rs2);
    public static uint Srl(int rd, int rs1, int rs2) => E.R(OpReg, 5, 0, rd, rs1, rs2);
    public static uint Sra(int rd, int rs1, int rs2) => E.R(OpReg, 5, 0x20, rd, rs1, rs2);
    public static uint Or(int rd, int rs1, int rs2) => E.R(OpReg, 6, 0, rd, rs1, rs2);
    public static uint And(int rd, int rs1, int rs2) => E.R(OpReg, 7, 0, rd, rs1, rs2);

    public static uint Addiw(int rd, int rs1, long imm) => E.I(OpImm32, 0, rd, rs1, imm);
    public static uint Slliw(int rd, int rs1, int shamt) => E.I(OpImm32, 1, rd, rs1, shamt);
    public static uint Srliw(int rd, int rs1, int shamt) => E.I(OpImm32, 5, rd, rs1, shamt);
    public static uint Sraiw(int rd, int rs1, int shamt) => E.I(OpImm32, 5, rd, rs1, 0x400 | shamt);
    public static uint Addw(int rd, int rs1, int rs2) => E.R(OpReg32, 0, 0, rd, rs1, rs2);
    public static uint Subw(int rd, int rs1, int rs2) => E.R(OpReg32, 0, 0x20, rd, rs1, rs2);
    public static uint Sllw(int rd, int rs1, int rs2) => E.R(OpReg32, 1, 0, rd, rs1, rs2);
    public static uint Srlw(int rd, int rs1, int rs2) => E.R(OpReg32, 5, 0, rd, rs1, rs2);
    public static uint Sraw(int rd, int rs1, int rs2) => E.R(OpReg32, 5, 0x20, rd, rs1, rs2);

    public static uint Mul(int rd, int rs1, int rs2) => E.R(OpReg, 0, 1, rd, rs1, rs2);
    public static uint Mulh(int rd, int rs1, int rs2) => E.R(OpReg, 1, 1, rd, rs1, rs2);
    public static uint Mulhsu(int rd, int rs1, int rs2) => E.R(OpReg, 2, 1, rd, rs1, rs2);
    public static uint Mulhu(int rd, int rs1, int rs2) => E.R(OpReg, 3, 1, rd, rs1, rs2);
    public static uint Div(int rd, int rs1, int rs2) => E.R(OpReg, 4, 1, rd, rs1, rs2);
    public static uint Divu(int rd, int rs1, int rs2) => E.R(OpReg, 5, 1, rd, rs1, rs2);
    public static uint Rem(int rd, int rs1, int rs2) => E.R(OpReg, 6, 1, rd, rs1, rs2);
    public static uint Remu(int rd, int rs1, int rs2) => E.R(OpReg, 7, 1, rd, rs1, rs2);
    public static uint Mulw(int rd, int rs1, int rs2) => E.R(OpReg32, 0, 1, rd, rs1, rs2);
    public static uint Divw(int rd, int rs1, int rs2) => E.R(OpReg32, 4, 1, rd, rs1, rs2);
    public static uint Divuw(int rd, int rs1, int rs2) => E.R(OpReg32, 5, 1, rd, rs1, rs2);
    public static uint Remw(int rd, int rs1, int rs2) => E.R(OpReg32, 6, 1, rd, rs1, rs2);
    public static uint Remuw(int rd, int rs1, int rs2) => E.R(OpReg32, 7, 1, rd, rs1, rs2);

    /// <summary>An A-extension word: funct5 then aq/rl (left clear), width in funct3 (2 = W, 3 = D).</summary>
    public static uint Atomic(uint funct5, bool word, int rd, int rs1, int rs2) =>
        E.R(Amo, word ? 2u : 3u, funct5 << 2, rd, rs1, rs2);

    public static uint LrW(int rd, int rs1) => Atomic(0b00010, true, rd, rs1, 0);
    public static uint LrD(int rd, int rs1) => Atomic(0b00010, false, rd, rs1, 0);
    public static uint ScW(int rd, int rs1, int rs2) => Atomic(0b00011, true, rd, rs1, rs2);
    public static uint ScD(int rd, int rs1, int rs2) => Atomic(0b00011, false, rd, rs1, rs2);
    public static uint AmoaddW(int rd, int rs1, int rs2) => Atomic(0b00000, true, rd, rs1, rs2);
    public static uint AmoaddD(int rd, int rs1, int rs2) => Atomic(0b00000, false, rd, rs1, rs2);
    public static uint AmoswapD(int rd, int rs1, int rs2) => Atomic(0b00001, false, rd, rs1, rs2);

    public static uint Ecall() => E.Ecall();
    public static uint Ebreak() => 0x00100073;
    public static uint Fence() => 0x0FF0000F;
    public static uint FenceI() => 0x0000100F;
}
