namespace Kfork.Machine.Riscv;

/// <summary>
/// Instruction-word builders for the base formats ("Base Instruction Formats" and "Immediate
/// Encoding Variants"), plus the handful of instructions the built-in compute loop uses. Lets the
/// kernel and tools emit small code sequences without an assembler.
/// </summary>
internal static class Encoding
{
    public static uint R(uint opcode, uint funct3, uint funct7, int rd, int rs1, int rs2) =>
        opcode | (uint)rd << 7 | funct3 << 12 | (uint)rs1 << 15 | (uint)rs2 << 20 | funct7 << 25;

    public static uint I(uint opcode, uint funct3, int rd, int rs1, long imm) =>
        opcode | (uint)rd << 7 | funct3 << 12 | (uint)rs1 << 15 | ((uint)imm & 0xFFF) << 20;

    public static uint S(uint opcode, uint funct3, int rs1, int rs2, long imm) =>
        opcode | ((uint)imm & 0x1F) << 7 | funct3 << 12 | (uint)rs1 << 15 | (uint)rs2 << 20 | ((uint)imm >> 5 & 0x7F) << 25;

    public static uint B(uint funct3, int rs1, int rs2, long offset)
    {
        uint o = (uint)offset;
        return 0x63 | (o >> 11 & 1) << 7 | (o >> 1 & 0xF) << 8 | funct3 << 12 | (uint)rs1 << 15 | (uint)rs2 << 20
            | (o >> 5 & 0x3F) << 25 | (o >> 12 & 1) << 31;
    }

    /// <summary>U-type: <paramref name="imm20"/> is the value of bits 31..12.</summary>
    public static uint U(uint opcode, int rd, uint imm20) => opcode | (uint)rd << 7 | (imm20 & 0xFFFFF) << 12;

    public static uint J(int rd, long offset)
    {
        uint o = (uint)offset;
        return 0x6F | (uint)rd << 7 | (o & 0xFF000) | (o >> 11 & 1) << 20 | (o >> 1 & 0x3FF) << 21 | (o >> 20 & 1) << 31;
    }

    public static uint Addi(int rd, int rs1, long imm) => I(0x13, 0, rd, rs1, imm);
    public static uint Slli(int rd, int rs1, int shamt) => I(0x13, 1, rd, rs1, shamt);
    public static uint Srli(int rd, int rs1, int shamt) => I(0x13, 5, rd, rs1, shamt);
    public static uint Add(int rd, int rs1, int rs2) => R(0x33, 0, 0, rd, rs1, rs2);
    public static uint Xor(int rd, int rs1, int rs2) => R(0x33, 4, 0, rd, rs1, rs2);
    public static uint Ld(int rd, int rs1, long imm) => I(0x03, 3, rd, rs1, imm);
    public static uint Sd(int rs2, int rs1, long imm) => S(0x23, 3, rs1, rs2, imm);
    public static uint Bne(int rs1, int rs2, long offset) => B(1, rs1, rs2, offset);
    public static uint Ecall() => 0x00000073;
}
