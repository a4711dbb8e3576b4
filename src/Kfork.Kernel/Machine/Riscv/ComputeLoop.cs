using Kfork.Vm;
using static Kfork.Machine.Riscv.Encoding;

namespace Kfork.Machine.Riscv;

/// <summary>
/// A fixed guest compute loop (add/xor/shift, a load and a store, a backward branch) used to
/// measure interpreter speed; it needs only a code page and a data page, so it runs on any
/// <see cref="IUserMemory"/> that maps them.
/// </summary>
internal static class ComputeLoop
{
    public const ulong CodeVa = 0x10000, DataVa = 0x20000;
    public const int InstructionsPerIteration = 10;
    private const int PrologueInstructions = 2;

    /// <summary>Expects a0 = iteration count (at least 1), a1 = a writable doubleword; ends in ecall.</summary>
    public static uint[] Code() =>
    [
        Addi(Reg.T0, Reg.Zero, 0),
        Addi(Reg.T1, Reg.Zero, 1),
        // loop:
        Add(Reg.T0, Reg.T0, Reg.A0),
        Xor(Reg.T1, Reg.T1, Reg.T0),
        Slli(Reg.T2, Reg.T1, 3),
        Srli(Reg.T3, Reg.T0, 5),
        Add(Reg.T0, Reg.T0, Reg.T3),
        Ld(Reg.T4, Reg.A1, 0),
        Add(Reg.T4, Reg.T4, Reg.T2),
        Sd(Reg.T4, Reg.A1, 0),
        Addi(Reg.A0, Reg.A0, -1),
        Bne(Reg.A0, Reg.Zero, -4 * (InstructionsPerIteration - 1)),
        Ecall(),
    ];

    /// <summary>Copies the loop into <paramref name="codePage"/> (mapped at <see cref="CodeVa"/>).</summary>
    public static void Load(VmPage codePage)
    {
        uint[] code = Code();
        Buffer.BlockCopy(code, 0, codePage.Data, 0, code.Length * sizeof(uint));
        codePage.DecodeCache = null;
    }

    public static TrapFrame Frame(long iterations)
    {
        var tf = new TrapFrame { Pc = CodeVa };
        tf.X[Reg.A0] = (ulong)iterations;
        tf.X[Reg.A1] = DataVa;
        return tf;
    }

    /// <summary>Instructions retired by a full run (the final ecall traps and does not retire).</summary>
    public static long Instructions(long iterations) => PrologueInstructions + iterations * InstructionsPerIteration;

    /// <summary>Runs the loop to its ecall and returns the instructions retired.</summary>
    public static long Run(Cpu cpu, IUserMemory mem, long iterations)
    {
        TrapFrame tf = Frame(iterations);
        long budget = long.MaxValue;
        Trap trap = cpu.Run(tf, mem, ref budget);
        if (trap.Cause != TrapCause.Ecall)
            throw new InvalidOperationException($"compute loop stopped with {trap}");
        return long.MaxValue - budget;
    }

    /// <summary>Just the two pages the loop needs: code (read/execute) and data (read/write).</summary>
    public sealed class Memory : IUserMemory
    {
        private readonly VmPage code = new(), data = new();

        public Memory() => Load(code);

        public long Generation => 0;

        public VmPage? Translate(ulong va, VmAccess access) => (va & ~VmPage.OffsetMask) switch
        {
            CodeVa when access != VmAccess.Write => code,
            DataVa when access != VmAccess.Execute => data,
            _ => null,
        };
    }
}
