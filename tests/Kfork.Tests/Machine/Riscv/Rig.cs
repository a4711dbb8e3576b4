using Kfork.Machine.Riscv;

namespace Kfork.Tests.Machine.Riscv;

/// <summary>
/// One CPU, one frame and a fake address space with a text page at <see cref="Text"/> and two
/// read/write data pages at <see cref="Data"/>; the program is loaded at the start of the text.
/// </summary>
internal sealed class Rig
{
    public const ulong Text = 0x10000, Data = 0x40000;

    public readonly FakeMemory Mem = new();
    public readonly Cpu Cpu = new();
    public readonly TrapFrame Tf = new() { Pc = Text };

    public Rig(params uint[] program) : this(Prot.RX, program) { }

    public Rig(Prot textProt, params uint[] program)
    {
        Mem.Map(Text, textProt);
        Mem.Map(Data, Prot.RW);
        Mem.Map(Data + 0x1000, Prot.RW);
        Mem.WriteWords(Text, program);
    }

    public ulong this[int reg]
    {
        get => Tf.X[reg];
        set => Tf.X[reg] = value;
    }

    public Trap Run(long budget = 100_000) => Cpu.Run(Tf, Mem, ref budget);

    /// <summary>Runs to the ecall that ends every test program, asserting it got there.</summary>
    public Rig RunToEcall()
    {
        Trap trap = Run();
        Assert.Equal(new Trap(TrapCause.Ecall, 0), trap);
        return this;
    }

    /// <summary>
    /// Executes one instruction with t0 = <paramref name="a"/>, t1 = <paramref name="b"/>
    /// and returns t2 (tests write the result there).
    /// </summary>
    public static ulong Eval(uint instruction, ulong a, ulong b = 0)
    {
        var rig = new Rig(instruction, Asm.Ecall());
        rig[Reg.T0] = a;
        rig[Reg.T1] = b;
        return rig.RunToEcall()[Reg.T2];
    }
}
