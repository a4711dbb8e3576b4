using System.Diagnostics;
using Kfork.Machine.Riscv;
using static Kfork.Machine.Riscv.Reg;
using static Kfork.Tests.Machine.Riscv.Asm;

namespace Kfork.Tests.Machine.Riscv;

/// <summary>A fact that is skipped when Debian's qemu-user (qemu-riscv64) is not installed.</summary>
public sealed class QemuFactAttribute : FactAttribute
{
    public const string Qemu = "/usr/bin/qemu-riscv64";

    public QemuFactAttribute()
    {
        if (!File.Exists(Qemu))
            Skip = $"{Qemu} not installed (apt-get install qemu-user)";
    }
}

/// <summary>
/// Random RV64IMA programs (forward branches only) run both here and under qemu-riscv64 as a tiny static
/// Linux ELF; registers and the data page they touched must come out identical.
/// </summary>
public class QemuDifferentialTests
{
    private const ulong Load = 0x10000, Code = 0x11000, DataPage = 0x12000;
    private const int DumpBytes = 2040;
    private const int Base = T6, AmoBase = T5;  // x31, x30: reserved address registers

    private static ReadOnlySpan<ulong> Interesting =>
    [
        0, 1, 2, ulong.MaxValue, ulong.MaxValue - 1, 0x8000_0000_0000_0000UL, 0x7FFF_FFFF_FFFF_FFFFUL,
        0x8000_0000UL, 0x7FFF_FFFFUL, 0xFFFF_FFFFUL, 0xFFFF_FFFF_8000_0000UL, 63, 64, 31, 32,
    ];

    [QemuFact]
    public void Random_programs_match_qemu()
    {
        for (int seed = 1; seed <= 100; seed++)
        {
            var random = new Random(seed);
            uint[] program = Program(random);
            byte[] data = new byte[VmPageSize];
            random.NextBytes(data);
            for (int r = 1; r < 30; r++)
                BitConverter.TryWriteBytes(data.AsSpan(8 * r), random.Next(3) == 0 ? (ulong)random.NextInt64() * 3 : Interesting[random.Next(Interesting.Length)]);

            byte[] expected = RunQemu(program, data);
            byte[] actual = RunHere(program, data);
            if (!expected.AsSpan().SequenceEqual(actual))
                Assert.Fail($"seed {seed}: {Describe(expected, actual)}");
        }
    }

    private const int VmPageSize = 4096;

    private static string Describe(byte[] expected, byte[] actual)
    {
        if (expected.Length != actual.Length)
            return $"qemu wrote {expected.Length} bytes, expected {actual.Length}";
        int i = 0;
        while (expected[i] == actual[i])
            i++;
        return $"first difference at data offset {i} (x{i / 8} if below 248): qemu {BitConverter.ToUInt64(expected, i & ~7):X16}, here {BitConverter.ToUInt64(actual, i & ~7):X16}";
    }

    /// <summary>Load registers from the data page, run a random body, dump x1..x30, write(1, page, DumpBytes), exit.</summary>
    private static uint[] Program(Random random)
    {
        var code = new List<uint> { Lui(Base, (uint)(DataPage >> 12)) };
        for (int r = 1; r < 30; r++)
            code.Add(Ld(r, Base, 8 * r));
        code.Add(Addi(AmoBase, Base, 1024));
        for (int i = 0; i < 300; i++)
        {
            code.Add(RandomInstruction(random));
            if (random.Next(20) == 0)
                code.AddRange(ReservedPair(random));
        }
        for (int r = 1; r <= 30; r++)
            code.Add(Sd(r, Base, 8 * r));
        code.AddRange([Addi(A0, Zero, 1), Addi(A1, Base, 0), Addi(A2, Zero, DumpBytes), Addi(A7, Zero, 64), Ecall(),
            Addi(A0, Zero, 0), Addi(A7, Zero, 93), Ecall()]);
        return [.. code];
    }

    /// <summary>
    /// LR, an unrelated ALU op, SC of the same size and address: must succeed everywhere. Other
    /// orders are left alone, since when an SC may fail is partly implementation-defined and
    /// qemu compares values where we track stores; the leading no-op is what a random forward
    /// branch before the pair skips, so the LR always runs.
    /// </summary>
    private static uint[] ReservedPair(Random random)
    {
        bool word = random.Next(2) == 0;
        int loaded = random.Next(1, 30), status = random.Next(1, 30), source = random.Next(32);
        return word
            ? [Addi(Zero, Zero, 0), LrW(loaded, AmoBase), Xori(random.Next(30), random.Next(32), 5), ScW(status, AmoBase, source)]
            : [Addi(Zero, Zero, 0), LrD(loaded, AmoBase), Xori(random.Next(30), random.Next(32), 5), ScD(status, AmoBase, source)];
    }

    private static uint RandomInstruction(Random random)
    {
        int rd = random.Next(30), rs1 = random.Next(32), rs2 = random.Next(32);
        long imm = random.Next(-2048, 2048);
        int shamt = random.Next(64), wshamt = random.Next(32);
        // Memory operands: 8-byte aligned offsets above the register dump, below the AMO area.
        long offset = 256 + 8 * random.Next(90);
        Func<uint>[] choices =
        [
            () => Add(rd, rs1, rs2), () => Sub(rd, rs1, rs2), () => Sll(rd, rs1, rs2), () => Slt(rd, rs1, rs2),
            () => Sltu(rd, rs1, rs2), () => Xor(rd, rs1, rs2), () => Srl(rd, rs1, rs2), () => Sra(rd, rs1, rs2),
            () => Or(rd, rs1, rs2), () => And(rd, rs1, rs2),
            () => Addw(rd, rs1, rs2), () => Subw(rd, rs1, rs2), () => Sllw(rd, rs1, rs2), () => Srlw(rd, rs1, rs2), () => Sraw(rd, rs1, rs2),
            () => Mul(rd, rs1, rs2), () => Mulh(rd, rs1, rs2), () => Mulhsu(rd, rs1, rs2), () => Mulhu(rd, rs1, rs2),
            () => Div(rd, rs1, rs2), () => Divu(rd, rs1, rs2), () => Rem(rd, rs1, rs2), () => Remu(rd, rs1, rs2),
            () => Mulw(rd, rs1, rs2), () => Divw(rd, rs1, rs2), () => Divuw(rd, rs1, rs2), () => Remw(rd, rs1, rs2), () => Remuw(rd, rs1, rs2),
            () => Addi(rd, rs1, imm), () => Slti(rd, rs1, imm), () => Sltiu(rd, rs1, imm), () => Xori(rd, rs1, imm),
            () => Ori(rd, rs1, imm), () => Andi(rd, rs1, imm), () => Slli(rd, rs1, shamt), () => Srli(rd, rs1, shamt), () => Srai(rd, rs1, shamt),
            () => Addiw(rd, rs1, imm), () => Slliw(rd, rs1, wshamt), () => Srliw(rd, rs1, wshamt), () => Sraiw(rd, rs1, wshamt),
            () => Lui(rd, (uint)random.Next(1 << 20)), () => Auipc(rd, (uint)random.Next(1 << 20)),
            () => Lb(rd, Base, offset + random.Next(8)), () => Lbu(rd, Base, offset + random.Next(8)),
            () => Lh(rd, Base, offset + 2 * random.Next(4)), () => Lhu(rd, Base, offset + 2 * random.Next(4)),
            () => Lw(rd, Base, offset + 4 * random.Next(2)), () => Lwu(rd, Base, offset + 4 * random.Next(2)), () => Ld(rd, Base, offset),
            () => Sb(rs2, Base, offset + random.Next(8)), () => Sh(rs2, Base, offset + 2 * random.Next(4)),
            () => Sw(rs2, Base, offset + 4 * random.Next(2)), () => Sd(rs2, Base, offset),
            () => Atomic(AmoFunct5[random.Next(AmoFunct5.Length)], random.Next(2) == 0, rd, AmoBase, rs2),
            () => LrD(rd, AmoBase), () => LrW(rd, AmoBase),
            // Forward branches and jumps that skip the next instruction (there always is one).
            () => Beq(rs1, rs2, 8), () => Bne(rs1, rs2, 8), () => Blt(rs1, rs2, 8), () => Bge(rs1, rs2, 8),
            () => Bltu(rs1, rs2, 8), () => Bgeu(rs1, rs2, 8), () => Jal(rd, 8),
        ];
        return choices[random.Next(choices.Length)]();
    }

    private static ReadOnlySpan<uint> AmoFunct5 => [0b00001, 0b00000, 0b00100, 0b01100, 0b01000, 0b10000, 0b10100, 0b11000, 0b11100];

    private static byte[] RunHere(uint[] program, byte[] data)
    {
        var rig = new Rig();
        rig.Mem.Map(Code, Prot.RX);
        rig.Mem.Map(DataPage, Prot.RW);
        rig.Mem.WriteWords(Code, program);
        rig.Mem.Write(DataPage, data);
        rig.Tf.Pc = Code;
        Assert.Equal(TrapCause.Ecall, rig.Run(budget: 10_000).Cause);
        Assert.Equal(64UL, rig[A7]);
        return rig.Mem.PageAt(DataPage).Data.AsSpan(0, DumpBytes).ToArray();
    }

    private static byte[] RunQemu(uint[] program, byte[] data)
    {
        string path = Path.Combine(Path.GetTempPath(), $"kfork-rv-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(path, Elf(program, data));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var psi = new ProcessStartInfo(QemuFactAttribute.Qemu, [path]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var qemu = Process.Start(psi)!;
            using var output = new MemoryStream();
            qemu.StandardOutput.BaseStream.CopyTo(output);
            qemu.WaitForExit();
            Assert.True(qemu.ExitCode == 0, $"qemu exit {qemu.ExitCode}: {qemu.StandardError.ReadToEnd()}");
            return output.ToArray();
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// A static ELF64 RISC-V executable with one read/write/execute PT_LOAD segment covering the
    /// headers page, the code page and the data page.
    /// </summary>
    private static byte[] Elf(uint[] program, byte[] data)
    {
        byte[] image = new byte[3 * VmPageSize];
        var w = new BinaryWriter(new MemoryStream(image));
        w.Write([0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        w.Write((ushort)2);    // e_type: ET_EXEC
        w.Write((ushort)243);  // e_machine: EM_RISCV
        w.Write(1u);           // e_version
        w.Write(Code);         // e_entry
        w.Write(64UL);         // e_phoff
        w.Write(0UL);          // e_shoff
        w.Write(0u);           // e_flags: no RVC, soft-float ABI
        w.Write((ushort)64);   // e_ehsize
        w.Write((ushort)56);   // e_phentsize
        w.Write((ushort)1);    // e_phnum
        w.Write((ushort)0);    // e_shentsize
        w.Write((ushort)0);    // e_shnum
        w.Write((ushort)0);    // e_shstrndx
        w.Write(1u);           // p_type: PT_LOAD
        w.Write(7u);           // p_flags: R W X
        w.Write(0UL);          // p_offset
        w.Write(Load);         // p_vaddr
        w.Write(Load);         // p_paddr
        w.Write((ulong)image.Length);  // p_filesz
        w.Write((ulong)image.Length);  // p_memsz
        w.Write((ulong)VmPageSize);    // p_align
        Buffer.BlockCopy(program, 0, image, (int)(Code - Load), program.Length * sizeof(uint));
        data.CopyTo(image, (int)(DataPage - Load));
        return image;
    }
}
