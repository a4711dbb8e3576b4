using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kfork.Vm;

namespace Kfork.Machine.Riscv;

/// <summary>
/// The RV64IMA user-mode interpreter. One per kernel, reused for every LWP: all per-LWP state
/// lives in the <see cref="TrapFrame"/>; the CPU only caches translations and decodes.
/// </summary>
public sealed unsafe partial class Cpu
{
    /// <summary>
    /// Working register file: x0..x31 and the sink that absorbs writes to x0. Pinned so the
    /// execute loop can hold a plain pointer to it (a fixed local would live in memory).
    /// </summary>
    private readonly ulong[] regs = GC.AllocateArray<ulong>(Decoder.RegisterFileSize, pinned: true);

    /// <summary>Where <see cref="Execute"/> stopped: the pc and the budget left.</summary>
    private ulong exitPc;
    private long exitBudget;

    /// <summary>The decode array the execute loop is walking (by pointer) on behalf of the GC.</summary>
    private DecodedOp[]? executing;

    public Cpu()
    {
        // Guest loads and stores reinterpret page bytes in host order; RISC-V is little-endian.
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("the RISC-V interpreter needs a little-endian host");
    }

    /// <summary>
    /// Executes <paramref name="tf"/> against <paramref name="mem"/> until a trap or until
    /// <paramref name="budget"/> instructions have retired. On return <c>tf.Pc</c> is the
    /// trapping instruction (sepc; the kernel steps over an ecall itself) and budget is
    /// decremented by the retired instructions; a trapping instruction does not retire.
    /// Every return is a trap, and a trap clears the LR reservation.
    /// </summary>
    public Trap Run(TrapFrame tf, IUserMemory mem, ref long budget)
    {
        Bind(mem);
        Array.Copy(tf.X, 1, regs, 1, TrapFrame.RegisterCount - 1);
        regs[0] = 0;
        reservedAddress = tf.ReservationAddress;
        reservedGranule = tf.ReservationValid ? tf.ReservationAddress & ~7UL : NoReservation;

        Trap trap = Execute(tf.Pc, budget);
        tf.Pc = exitPc;
        budget = exitBudget;
        executing = null;

        Array.Copy(regs, 1, tf.X, 1, TrapFrame.RegisterCount - 1);
        tf.X[0] = 0;
        tf.ReservationValid = false;
        reservedGranule = NoReservation;
        return trap;
    }

    /// <summary>
    /// The dispatch loop. The outer loop enters a code page; the inner one walks its pinned
    /// decode array with a pointer and switches over pre-decoded ops. Register operands index
    /// the working register file directly, memory goes through the TLB helpers, and control
    /// flow funnels through the labels after the switch. The pc is only materialised (from the
    /// page base and the slot) where an instruction needs it.
    /// </summary>
    private Trap Execute(ulong pc, long left)
    {
        Trap trap;
        ulong* x = (ulong*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(regs));

        while (true)
        {
            if ((pc & 3) != 0)
            {
                // Only reachable from a misaligned Pc handed in by the kernel: jumps check their targets.
                trap = new Trap(TrapCause.InstructionMisaligned, pc);
                goto Done;
            }
            DecodedOp[]? ops = CodeAt(pc, out byte[] codeBytes);
            if (ops is null)
            {
                trap = new Trap(TrapCause.InstructionAccessFault, pc);
                goto Done;
            }
            executing = ops; // keeps the pinned array alive while raw pointers walk it
            ulong codeBase = pc & ~PageMask;
            DecodedOp* code = (DecodedOp*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(ops));
            DecodedOp* d = code + ((pc & PageMask) >> 2);
            ulong target;

            while (true)
            {
                if (left <= 0)
                {
                    trap = new Trap(TrapCause.BudgetExhausted, 0);
                    goto Trapped;
                }
                switch (d->Op)
                {
                    case Op.NotDecoded:
                        *d = Decoder.Decode(Unsafe.As<byte, uint>(ref codeBytes[(int)Offset(code, d)]));
                        continue;
                    case Op.PageEnd:
                        target = codeBase + VmPage.Size;
                        goto LeavePage;
                    case Op.Illegal: trap = new Trap(TrapCause.IllegalInstruction, (ulong)d->Imm); goto Trapped;
                    case Op.Ecall: trap = new Trap(TrapCause.Ecall, 0); goto Trapped;
                    case Op.Ebreak: trap = new Trap(TrapCause.Breakpoint, codeBase + Offset(code, d)); goto Trapped;
                    case Op.Nop: break;

                    case Op.Lui: x[d->Rd] = (ulong)d->Imm; break;
                    case Op.Auipc: x[d->Rd] = codeBase + Offset(code, d) + (ulong)d->Imm; break;
                    case Op.Jal: target = codeBase + Offset(code, d) + (ulong)d->Imm; goto Link;
                    // JALR: "the target address is obtained by adding the sign-extended 12-bit
                    // I-immediate to the register rs1, then setting the least-significant bit to zero".
                    case Op.Jalr: target = (x[d->Rs1] + (ulong)d->Imm) & ~1UL; goto Link;

                    case Op.Beq: if (x[d->Rs1] == x[d->Rs2]) goto Branch; break;
                    case Op.Bne: if (x[d->Rs1] != x[d->Rs2]) goto Branch; break;
                    case Op.Blt: if ((long)x[d->Rs1] < (long)x[d->Rs2]) goto Branch; break;
                    case Op.Bge: if ((long)x[d->Rs1] >= (long)x[d->Rs2]) goto Branch; break;
                    case Op.Bltu: if (x[d->Rs1] < x[d->Rs2]) goto Branch; break;
                    case Op.Bgeu: if (x[d->Rs1] >= x[d->Rs2]) goto Branch; break;

                    case Op.Lb: { ref byte m = ref LoadRef(x[d->Rs1] + (ulong)d->Imm, 0); if (Unsafe.IsNullRef(ref m)) goto Faulted; x[d->Rd] = (ulong)(sbyte)m; break; }
                    case Op.Lbu: { ref byte m = ref LoadRef(x[d->Rs1] + (ulong)d->Imm, 0); if (Unsafe.IsNullRef(ref m)) goto Faulted; x[d->Rd] = m; break; }
                    case Op.Lh: { ref byte m = ref LoadRef(x[d->Rs1] + (ulong)d->Imm, 1); if (Unsafe.IsNullRef(ref m)) goto Faulted; x[d->Rd] = (ulong)Unsafe.As<byte, short>(ref m); break; }
                    case Op.Lhu: { ref byte m = ref LoadRef(x[d->Rs1] + (ulong)d->Imm, 1); if (Unsafe.IsNullRef(ref m)) goto Faulted; x[d->Rd] = Unsafe.As<byte, ushort>(ref m); break; }
                    case Op.Lw: { ref byte m = ref LoadRef(x[d->Rs1] + (ulong)d->Imm, 3); if (Unsafe.IsNullRef(ref m)) goto Faulted; x[d->Rd] = (ulong)Unsafe.As<byte, int>(ref m); break; }
                    case Op.Lwu: { ref byte m = ref LoadRef(x[d->Rs1] + (ulong)d->Imm, 3); if (Unsafe.IsNullRef(ref m)) goto Faulted; x[d->Rd] = Unsafe.As<byte, uint>(ref m); break; }
                    case Op.Ld: { ref byte m = ref LoadRef(x[d->Rs1] + (ulong)d->Imm, 7); if (Unsafe.IsNullRef(ref m)) goto Faulted; x[d->Rd] = Unsafe.As<byte, ulong>(ref m); break; }

                    case Op.Sb: { ref byte m = ref StoreRef(x[d->Rs1] + (ulong)d->Imm, 0); if (Unsafe.IsNullRef(ref m)) goto Faulted; m = (byte)x[d->Rs2]; goto Stored; }
                    case Op.Sh: { ref byte m = ref StoreRef(x[d->Rs1] + (ulong)d->Imm, 1); if (Unsafe.IsNullRef(ref m)) goto Faulted; Unsafe.As<byte, ushort>(ref m) = (ushort)x[d->Rs2]; goto Stored; }
                    case Op.Sw: { ref byte m = ref StoreRef(x[d->Rs1] + (ulong)d->Imm, 3); if (Unsafe.IsNullRef(ref m)) goto Faulted; Unsafe.As<byte, uint>(ref m) = (uint)x[d->Rs2]; goto Stored; }
                    case Op.Sd: { ref byte m = ref StoreRef(x[d->Rs1] + (ulong)d->Imm, 7); if (Unsafe.IsNullRef(ref m)) goto Faulted; Unsafe.As<byte, ulong>(ref m) = x[d->Rs2]; goto Stored; }

                    case Op.Addi: x[d->Rd] = x[d->Rs1] + (ulong)d->Imm; break;
                    case Op.Slti: x[d->Rd] = (long)x[d->Rs1] < d->Imm ? 1UL : 0UL; break;
                    // SLTIU: the immediate is sign-extended first, then compared unsigned.
                    case Op.Sltiu: x[d->Rd] = x[d->Rs1] < (ulong)d->Imm ? 1UL : 0UL; break;
                    case Op.Xori: x[d->Rd] = x[d->Rs1] ^ (ulong)d->Imm; break;
                    case Op.Ori: x[d->Rd] = x[d->Rs1] | (ulong)d->Imm; break;
                    case Op.Andi: x[d->Rd] = x[d->Rs1] & (ulong)d->Imm; break;
                    case Op.Slli: x[d->Rd] = x[d->Rs1] << (int)d->Imm; break;
                    case Op.Srli: x[d->Rd] = x[d->Rs1] >> (int)d->Imm; break;
                    case Op.Srai: x[d->Rd] = (ulong)((long)x[d->Rs1] >> (int)d->Imm); break;

                    case Op.Add: x[d->Rd] = x[d->Rs1] + x[d->Rs2]; break;
                    case Op.Sub: x[d->Rd] = x[d->Rs1] - x[d->Rs2]; break;
                    // RV64I register shifts use the low 6 bits of rs2 (C# masks 64-bit shift counts the same way).
                    case Op.Sll: x[d->Rd] = x[d->Rs1] << (int)(x[d->Rs2] & 63); break;
                    case Op.Srl: x[d->Rd] = x[d->Rs1] >> (int)(x[d->Rs2] & 63); break;
                    case Op.Sra: x[d->Rd] = (ulong)((long)x[d->Rs1] >> (int)(x[d->Rs2] & 63)); break;
                    case Op.Slt: x[d->Rd] = (long)x[d->Rs1] < (long)x[d->Rs2] ? 1UL : 0UL; break;
                    case Op.Sltu: x[d->Rd] = x[d->Rs1] < x[d->Rs2] ? 1UL : 0UL; break;
                    case Op.Xor: x[d->Rd] = x[d->Rs1] ^ x[d->Rs2]; break;
                    case Op.Or: x[d->Rd] = x[d->Rs1] | x[d->Rs2]; break;
                    case Op.And: x[d->Rd] = x[d->Rs1] & x[d->Rs2]; break;

                    // RV64I "Integer Computational Instructions": the W forms compute on 32 bits
                    // (shift amounts masked to 5 bits) and sign-extend the 32-bit result.
                    case Op.Addiw: x[d->Rd] = Alu.Sx32(x[d->Rs1] + (ulong)d->Imm); break;
                    case Op.Slliw: x[d->Rd] = Alu.Sx32((uint)x[d->Rs1] << (int)d->Imm); break;
                    case Op.Srliw: x[d->Rd] = Alu.Sx32((uint)x[d->Rs1] >> (int)d->Imm); break;
                    case Op.Sraiw: x[d->Rd] = (ulong)(long)((int)x[d->Rs1] >> (int)d->Imm); break;
                    case Op.Addw: x[d->Rd] = Alu.Sx32(x[d->Rs1] + x[d->Rs2]); break;
                    case Op.Subw: x[d->Rd] = Alu.Sx32(x[d->Rs1] - x[d->Rs2]); break;
                    case Op.Sllw: x[d->Rd] = Alu.Sx32((uint)x[d->Rs1] << (int)(x[d->Rs2] & 31)); break;
                    case Op.Srlw: x[d->Rd] = Alu.Sx32((uint)x[d->Rs1] >> (int)(x[d->Rs2] & 31)); break;
                    case Op.Sraw: x[d->Rd] = (ulong)(long)((int)x[d->Rs1] >> (int)(x[d->Rs2] & 31)); break;

                    case Op.Mul: x[d->Rd] = x[d->Rs1] * x[d->Rs2]; break;
                    case Op.Mulh: x[d->Rd] = Alu.Mulh(x[d->Rs1], x[d->Rs2]); break;
                    case Op.Mulhsu: x[d->Rd] = Alu.Mulhsu(x[d->Rs1], x[d->Rs2]); break;
                    case Op.Mulhu: x[d->Rd] = Alu.Mulhu(x[d->Rs1], x[d->Rs2]); break;
                    case Op.Div: x[d->Rd] = Alu.Div(x[d->Rs1], x[d->Rs2]); break;
                    case Op.Divu: x[d->Rd] = Alu.Divu(x[d->Rs1], x[d->Rs2]); break;
                    case Op.Rem: x[d->Rd] = Alu.Rem(x[d->Rs1], x[d->Rs2]); break;
                    case Op.Remu: x[d->Rd] = Alu.Remu(x[d->Rs1], x[d->Rs2]); break;
                    case Op.Mulw: x[d->Rd] = Alu.Sx32(x[d->Rs1] * x[d->Rs2]); break;
                    case Op.Divw: x[d->Rd] = Alu.Divw(x[d->Rs1], x[d->Rs2]); break;
                    case Op.Divuw: x[d->Rd] = Alu.Divuw(x[d->Rs1], x[d->Rs2]); break;
                    case Op.Remw: x[d->Rd] = Alu.Remw(x[d->Rs1], x[d->Rs2]); break;
                    case Op.Remuw: x[d->Rd] = Alu.Remuw(x[d->Rs1], x[d->Rs2]); break;

                    case Op.LrW: if (!LoadReserved(x, d, 3)) goto Faulted; break;
                    case Op.LrD: if (!LoadReserved(x, d, 7)) goto Faulted; break;
                    case Op.ScW: if (!StoreConditional(x, d, 3)) goto Faulted; goto Stored;
                    case Op.ScD: if (!StoreConditional(x, d, 7)) goto Faulted; goto Stored;
                    case Op.AmoW: if (!AtomicWord(x, d)) goto Faulted; goto Stored;
                    case Op.AmoD: if (!AtomicDouble(x, d)) goto Faulted; goto Stored;

                    default: throw new InvalidOperationException($"decoder produced unknown op {d->Op}");
                }
                d++;
                left--;
                continue;

            Stored:
                d++;
                left--;
                if (!codeMapChanged)
                    continue;
                // A write translation may have swapped the page under this code: fetch again.
                codeMapChanged = false;
                target = codeBase + Offset(code, d);
                goto LeavePage;

            // Base ISA "Conditional Branches": only a taken branch to a misaligned target traps.
            Branch:
                target = codeBase + Offset(code, d) + (ulong)d->Imm;
                if ((target & 3) != 0)
                {
                    trap = new Trap(TrapCause.InstructionMisaligned, target);
                    goto Trapped;
                }
                left--;
                goto Jump;

            // Base ISA "Unconditional Jumps": a misaligned target raises the exception on the
            // jump itself, which then has no effect (rd is not written).
            Link:
                if ((target & 3) != 0)
                {
                    trap = new Trap(TrapCause.InstructionMisaligned, target);
                    goto Trapped;
                }
                x[d->Rd] = codeBase + Offset(code, d) + 4;
                left--;

            Jump:
                if ((target & ~PageMask) == codeBase)
                {
                    d = code + ((target & PageMask) >> 2);
                    continue;
                }
            LeavePage:
                pc = target;
                break;

            Faulted:
                trap = new Trap(faultCause, faultValue);
            Trapped:
                pc = codeBase + Offset(code, d);
                goto Done;
            }
        }

    Done:
        exitPc = pc;
        exitBudget = left;
        return trap;
    }

    /// <summary>Byte offset in its page of the instruction in slot <paramref name="d"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Offset(DecodedOp* code, DecodedOp* d) => (ulong)(d - code) << 2;
}
