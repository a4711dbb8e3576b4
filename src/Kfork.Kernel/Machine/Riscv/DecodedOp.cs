using System.Runtime.InteropServices;
using Kfork.Vm;

namespace Kfork.Machine.Riscv;

/// <summary>Internal operation codes: one per instruction the interpreter dispatches on.</summary>
internal enum Op : byte
{
    /// <summary>Default value of a decode-cache slot: decode the word on first execution.</summary>
    NotDecoded = 0,

    /// <summary>The slot after the last word of a page: execution continues on the next page.</summary>
    PageEnd,
    Illegal, Nop, Ecall, Ebreak,
    Lui, Auipc, Jal, Jalr,
    Beq, Bne, Blt, Bge, Bltu, Bgeu,
    Lb, Lh, Lw, Ld, Lbu, Lhu, Lwu,
    Sb, Sh, Sw, Sd,
    Addi, Slti, Sltiu, Xori, Ori, Andi, Slli, Srli, Srai,
    Add, Sub, Sll, Slt, Sltu, Xor, Srl, Sra, Or, And,
    Addiw, Slliw, Srliw, Sraiw, Addw, Subw, Sllw, Srlw, Sraw,
    Mul, Mulh, Mulhsu, Mulhu, Div, Divu, Rem, Remu,
    Mulw, Divw, Divuw, Remw, Remuw,
    LrW, LrD, ScW, ScD, AmoW, AmoD,
}

/// <summary>The read-modify-write operation of an AMO (A extension funct5).</summary>
internal enum AmoKind : byte { Swap, Add, Xor, And, Or, Min, Max, Minu, Maxu }

/// <summary>
/// One pre-decoded instruction: 16 bytes, operands and the sign-extended immediate already
/// extracted. A destination of x0 is redirected to <see cref="Decoder.Sink"/> so the execute
/// loop never tests for it.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DecodedOp
{
    public Op Op;
    public byte Rd, Rs1, Rs2;
    public AmoKind Amo;

    /// <summary>Immediate (shift amount for shifts); the raw instruction bits for <see cref="Op.Illegal"/>.</summary>
    public long Imm;
}

/// <summary>
/// The decode cache a <see cref="VmPage"/> carries once code ran from it. It remembers its page:
/// should a copy of the page ever inherit the reference, the copy is not fooled into running
/// (or invalidating) decodes of the other page's bytes.
/// </summary>
internal sealed class DecodedPage
{
    public const int Slots = VmPage.Size / 4;

    public readonly VmPage Owner;

    /// <summary>
    /// One slot per instruction word, all undecoded at first, plus a <see cref="Op.PageEnd"/>
    /// sentinel so straight-line execution needs no end-of-page test. Pinned, because the
    /// execute loop walks it with a raw pointer.
    /// </summary>
    public readonly DecodedOp[] Ops = GC.AllocateArray<DecodedOp>(Slots + 1, pinned: true);

    public DecodedPage(VmPage owner)
    {
        Owner = owner;
        Ops[Slots].Op = Op.PageEnd;
    }

    /// <summary>The cache of <paramref name="page"/>, or null when it has none of its own.</summary>
    public static DecodedOp[]? Of(VmPage page) =>
        page.DecodeCache is DecodedPage cache && cache.Owner == page ? cache.Ops : null;
}
