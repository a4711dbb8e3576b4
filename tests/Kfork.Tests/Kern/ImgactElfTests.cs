using System.Buffers.Binary;
using Kfork.Kern;
using Kfork.Sys;
using Kfork.Vm;

namespace Kfork.Tests.Kern;

/// <summary>Writes small static riscv64 ELF64 executables for the activator tests.</summary>
internal sealed class ElfImageBuilder
{
    public const int PhOff = 64, PhSize = 56;
    public const uint PfX = 1, PfW = 2, PfR = 4, PtLoad = 1;

    public sealed record Segment(ulong Vaddr, ulong Offset, byte[] Bytes, ulong MemSize, uint Flags, uint Type = PtLoad);

    public readonly List<Segment> Segments = [];
    public ulong Entry;

    /// <summary>Text (R+X) at 0x10000 from file offset 0 with code at 0x100, data (R+W) at 0x11234 with bss.</summary>
    public static ElfImageBuilder Typical()
    {
        var builder = new ElfImageBuilder { Entry = 0x10100 };
        builder.Segments.Add(new Segment(0x10000, 0, Pattern(0x300, 1), 0x300, PfR | PfX));
        builder.Segments.Add(new Segment(0x11234, 0x1234, Pattern(0x20, 100), 0x2000, PfR | PfW));
        return builder;
    }

    public static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = (byte)(seed + i * 7);
        return bytes;
    }

    /// <summary>The file: segment bytes at their offsets, then the headers over the start.</summary>
    public byte[] Build()
    {
        int length = PhOff + Segments.Count * PhSize;
        foreach (var s in Segments) length = Math.Max(length, (int)s.Offset + s.Bytes.Length);
        var file = new byte[length];
        foreach (var s in Segments) s.Bytes.CopyTo(file, (int)s.Offset);
        WriteHeader(file);
        for (int i = 0; i < Segments.Count; i++)
            WriteProgramHeader(file.AsSpan(PhOff + i * PhSize), Segments[i]);
        return file;
    }

    private void WriteHeader(Span<byte> f)
    {
        f[..64].Clear();
        f[0] = 0x7F; f[1] = (byte)'E'; f[2] = (byte)'L'; f[3] = (byte)'F';
        f[4] = 2; f[5] = 1; f[6] = 1; f[7] = 9;
        BinaryPrimitives.WriteUInt16LittleEndian(f[16..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(f[18..], 243);
        BinaryPrimitives.WriteUInt32LittleEndian(f[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(f[24..], Entry);
        BinaryPrimitives.WriteUInt64LittleEndian(f[32..], PhOff);
        BinaryPrimitives.WriteUInt16LittleEndian(f[52..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(f[54..], PhSize);
        BinaryPrimitives.WriteUInt16LittleEndian(f[56..], (ushort)Segments.Count);
    }

    private static void WriteProgramHeader(Span<byte> p, Segment s)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(p, s.Type);
        BinaryPrimitives.WriteUInt32LittleEndian(p[4..], s.Flags);
        BinaryPrimitives.WriteUInt64LittleEndian(p[8..], s.Offset);
        BinaryPrimitives.WriteUInt64LittleEndian(p[16..], s.Vaddr);
        BinaryPrimitives.WriteUInt64LittleEndian(p[24..], s.Vaddr);
        BinaryPrimitives.WriteUInt64LittleEndian(p[32..], (ulong)s.Bytes.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(p[40..], s.MemSize);
        BinaryPrimitives.WriteUInt64LittleEndian(p[48..], 0x1000);
    }
}

public class ImgactElfTests
{
    private const ulong Stack = 64 * 1024;
    private static readonly string[] NoStrings = [];

    private static ElfImage Load(byte[] file, string[]? argv = null, string[]? envp = null, ulong stack = Stack)
    {
        var error = ImgactElf.Activate(file, argv ?? ["prog"], envp ?? NoStrings, stack, out var image, out string? reason);
        Assert.True(error == Errno.OK, $"{error}: {reason}");
        return image!;
    }

    private static byte[] Read(Vmspace space, ulong va, int length)
    {
        var bytes = new byte[length];
        Assert.Equal(Errno.OK, space.CopyIn(va, bytes));
        return bytes;
    }

    [Fact]
    public void MapsEachSegmentAtItsAddressWithItsProtection()
    {
        var builder = ElfImageBuilder.Typical();
        var file = builder.Build();
        var image = Load(file);
        var space = image.Space;
        Assert.Equal(0x10100UL, image.Entry);
        Assert.Equal(file[..0x300], Read(space, 0x10000, 0x300));
        Assert.Equal(builder.Segments[1].Bytes, Read(space, 0x11234, 0x20));
        Assert.NotNull(space.Translate(0x10100, VmAccess.Execute));
        Assert.Null(space.Translate(0x10100, VmAccess.Write));
        Assert.NotNull(space.Translate(0x11234, VmAccess.Write));
        Assert.Null(space.Translate(0x11234, VmAccess.Execute));
        Assert.Null(space.Translate(0x0F000, VmAccess.Read));
        Assert.Null(space.Translate(0x14000, VmAccess.Read));
    }

    [Fact]
    public void ZeroFillsFromFileSizeToMemorySize()
    {
        var space = Load(ElfImageBuilder.Typical().Build()).Space;
        Assert.All(Read(space, 0x11254, 0x2000 - 0x20), b => Assert.Equal(0, b));
        Assert.All(Read(space, 0x11000, 0x234), b => Assert.Equal(0, b));
    }

    [Fact]
    public void SegmentsSharingAPageMergeProtectionsAndKeepBothContents()
    {
        var builder = new ElfImageBuilder { Entry = 0x10000 };
        builder.Segments.Add(new(0x10000, 0x1000, ElfImageBuilder.Pattern(0x80, 1), 0x80, ElfImageBuilder.PfR | ElfImageBuilder.PfX));
        builder.Segments.Add(new(0x10080, 0x1080, ElfImageBuilder.Pattern(0x10, 50), 0x100, ElfImageBuilder.PfR | ElfImageBuilder.PfW));
        var space = Load(builder.Build()).Space;
        Assert.Equal(builder.Segments[0].Bytes, Read(space, 0x10000, 0x80));
        Assert.Equal(builder.Segments[1].Bytes, Read(space, 0x10080, 0x10));
        Assert.All(Read(space, 0x10090, 0xF0), b => Assert.Equal(0, b));
        Assert.NotNull(space.Translate(0x10000, VmAccess.Execute));
        Assert.NotNull(space.Translate(0x10000, VmAccess.Write));
    }

    [Fact]
    public void BreakStartsAtTheEndOfTheDataSegment()
    {
        var space = Load(ElfImageBuilder.Typical().Build()).Space;
        Assert.Equal(0x11000UL, space.BreakBase);
        Assert.Equal(0x14000UL, space.CurrentBreak);
        Assert.Equal(3, space.DataPages);
        Assert.Equal(Errno.OK, space.Break(0x16000, 1 << 20, out ulong current));
        Assert.Equal(0x16000UL, current);
        Assert.NotNull(space.Translate(0x15FFF, VmAccess.Write));
    }

    [Fact]
    public void TextOnlyImageStartsItsBreakAboveItsLastPage()
    {
        var builder = ElfImageBuilder.Typical();
        builder.Segments.RemoveAt(1);
        var space = Load(builder.Build()).Space;
        Assert.Equal(0x11000UL, space.CurrentBreak);
        Assert.Equal(0, space.DataPages);
    }

    [Fact]
    public void StackHoldsArgcArgvEnvpAndStringsByteByByte()
    {
        var image = Load(ElfImageBuilder.Typical().Build(), ["prog", "-x"], ["A=1"]);
        var space = image.Space;
        ulong sp = image.StackPointer;
        Assert.Equal(0UL, sp % 16);
        var words = new ulong[6];
        for (int i = 0; i < words.Length; i++) space.ReadU64(sp + (ulong)i * 8, out words[i]);
        Assert.Equal(2UL, words[0]);
        Assert.Equal(0UL, words[3]);
        Assert.Equal(0UL, words[5]);
        ulong strings = words[1];
        Assert.Equal(words[1] + 5, words[2]);
        Assert.Equal(words[2] + 3, words[4]);
        Assert.Equal("prog\0-x\0A=1\0"u8.ToArray(), Read(space, strings, 12));
        Assert.True(strings >= sp + 6 * 8);
        Assert.True(strings + 12 <= VmParam.UserStack);
        Assert.True(VmParam.UserStack - (strings + 12) < 8);
        Assert.True(strings - (sp + 6 * 8) < 24);
    }

    [Fact]
    public void StackIsReadWriteNotExecutableAndSizedByTheLimit()
    {
        var image = Load(ElfImageBuilder.Typical().Build(), stack: Stack);
        var space = image.Space;
        Assert.Equal((long)(Stack / VmParam.PageSize), space.StackPages);
        Assert.NotNull(space.Translate(VmParam.UserStack - Stack, VmAccess.Write));
        Assert.Null(space.Translate(VmParam.UserStack - Stack, VmAccess.Execute));
        Assert.Null(space.Translate(VmParam.UserStack - Stack - 1, VmAccess.Read));
        Assert.Null(space.Translate(VmParam.UserStack, VmAccess.Read));
    }

    [Fact]
    public void StackMappingIsCappedAtMaxssiz()
    {
        var space = Load(ElfImageBuilder.Typical().Build(), stack: ulong.MaxValue).Space;
        Assert.Equal((long)(VmParam.MaxStackSize / VmParam.PageSize), space.StackPages);
    }

    [Fact]
    public void EmptyArgvAndEnvpLeaveArgcZeroAndTwoNulls()
    {
        var image = Load(ElfImageBuilder.Typical().Build(), [], []);
        image.Space.ReadU64(image.StackPointer, out ulong argc);
        image.Space.ReadU64(image.StackPointer + 8, out ulong argvEnd);
        image.Space.ReadU64(image.StackPointer + 16, out ulong envpEnd);
        Assert.Equal((0UL, 0UL, 0UL), (argc, argvEnd, envpEnd));
    }

    [Fact]
    public void ArgumentsUpToArgMaxFitAndOneByteMoreIsE2big()
    {
        var file = ElfImageBuilder.Typical().Build();
        // One string with its NUL plus argv[0], its NULL and envp's NULL.
        var fits = new string('a', VmParam.ArgMax - 1 - 3 * 8);
        Load(file, [fits], [], stack: 1 << 20);
        var error = ImgactElf.Activate(file, [fits + "a"], NoStrings, 1 << 20, out var image, out _);
        Assert.Equal(Errno.E2BIG, error);
        Assert.Null(image);
    }

    [Fact]
    public void ManySmallEnvironmentStringsAlsoCountTowardArgMax()
    {
        var envp = Enumerable.Repeat("X=1", VmParam.ArgMax / 12).ToArray();
        var error = ImgactElf.Activate(ElfImageBuilder.Typical().Build(), ["p"], envp, 1 << 20, out _, out _);
        Assert.Equal(Errno.E2BIG, error);
    }

    [Fact]
    public void StackLimitTooSmallForTheArgumentsIsEnomem()
    {
        var error = ImgactElf.Activate(ElfImageBuilder.Typical().Build(), [new string('a', 10000)], NoStrings, 4096, out _, out string? reason);
        Assert.Equal(Errno.ENOMEM, error);
        Assert.Contains("RLIMIT_STACK", reason);
    }

    [Fact]
    public void TextLargerThanMaxtsizIsEnomem()
    {
        var builder = ElfImageBuilder.Typical();
        builder.Segments[0] = builder.Segments[0] with { MemSize = VmParam.MaxTextSize + 1 };
        builder.Segments[1] = builder.Segments[1] with { Vaddr = 0x8000_1234 };
        var error = ImgactElf.Activate(builder.Build(), ["p"], NoStrings, Stack, out _, out string? reason);
        Assert.Equal(Errno.ENOMEM, error);
        Assert.Contains("MAXTSIZ", reason);
    }

    [Fact]
    public void EmptyLoadSegmentsAndOtherTypesAreIgnored()
    {
        var builder = ElfImageBuilder.Typical();
        builder.Segments.Add(new(0x50000, 0x123, [], 0, ElfImageBuilder.PfR));
        builder.Segments.Add(new(0, 0, [], 0, 0, Type: 0x6474E551));
        var space = Load(builder.Build()).Space;
        Assert.Null(space.Translate(0x50000, VmAccess.Read));
    }

    [Fact]
    public void SegmentsOutOfOrderAreSortedByAddress()
    {
        var builder = ElfImageBuilder.Typical();
        builder.Segments.Reverse();
        var space = Load(builder.Build()).Space;
        Assert.Equal(0x14000UL, space.CurrentBreak);
    }

    public static TheoryData<string, Func<byte[], byte[]>> Malformed() => new()
    {
        { "shorter", f => f[..63] },
        { "magic", f => Set8(f, 1, (byte)'X') },
        { "EI_CLASS", f => Set8(f, 4, 1) },
        { "EI_DATA", f => Set8(f, 5, 2) },
        { "EI_VERSION", f => Set8(f, 6, 0) },
        { "e_type", f => Set8(f, 16, 3) },
        { "e_machine", f => Set8(f, 18, 62) },
        { "e_version", f => Set8(f, 20, 2) },
        { "e_phentsize", f => Set8(f, 54, 32) },
        { "e_phnum", f => Set8(f, 56, 0) },
        { "e_phoff", f => Set8(f, 56, 200) },
        { "e_phoff", f => Set8(f, 39, 0x80) },
        { "e_entry", f => Set64(f, 24, 0x11234) },
        { "e_entry", f => Set64(f, 24, 0x10300) },
        { "PT_INTERP", f => Set32(f, Ph(1), 3) },
        { "p_filesz", f => Set64(f, Ph(1) + 32, 0x2001) },
        { "p_offset", f => Set64(f, Ph(1) + 8, 0x1235) },
        { "outside the file", f => Set64(f, Ph(1) + 8, 0x10234) },
        { "outside the file", f => Set64(f, Ph(1) + 8, ulong.MaxValue - 0xdcb) },
        { "overflow", f => Set64(f, Ph(1) + 16, ulong.MaxValue - 0xdcb) },
        { "user space", f => Set64(f, Ph(1) + 16, VmParam.MaxUserAddress - 0xdcc) },
        { "user space", f => Set64(f, Ph(1) + 16, VmParam.UserStack - 0x1dcc) },
        { "user space", f => Set64(Set64(f, Ph(0) + 16, 0), 24, 0x100) },
        { "overlap", f => Set64(f, Ph(1) + 16, 0x10234) },
        { "no PT_LOAD", f => Set32(Set32(f, Ph(0), 4), Ph(1), 4) },
        { "no PT_LOAD", f => Set64(Set64(Set64(Set64(f, Ph(0) + 32, 0), Ph(0) + 40, 0), Ph(1) + 32, 0), Ph(1) + 40, 0) },
    };

    private static int Ph(int index) => ElfImageBuilder.PhOff + index * ElfImageBuilder.PhSize;

    private static byte[] Set8(byte[] f, int at, byte v)
    {
        f[at] = v;
        return f;
    }

    private static byte[] Set32(byte[] f, int at, uint v)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(at), v);
        return f;
    }

    private static byte[] Set64(byte[] f, int at, ulong v)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(f.AsSpan(at), v);
        return f;
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedImageIsEnoexecWithAReasonNamingTheField(string field, Func<byte[], byte[]> corrupt)
    {
        var file = corrupt(ElfImageBuilder.Typical().Build());
        var error = ImgactElf.Activate(file, ["p"], NoStrings, Stack, out var image, out string? reason);
        Assert.Equal(Errno.ENOEXEC, error);
        Assert.Null(image);
        Assert.Contains(field, reason);
    }
}

public class ImgactElfFuzzTests
{
    [Fact]
    public void HundredThousandMutatedImagesOnlyEverReturnAnErrno()
    {
        var random = new Random(20261123);
        var original = ElfImageBuilder.Typical().Build();
        string[] argv = ["fuzz"];
        var seen = new Dictionary<Errno, int>();
        for (int round = 0; round < 100_000; round++)
        {
            var file = Mutate(original, random);
            var error = ImgactElf.Activate(file, argv, [], 16 * 1024, out var image, out string? reason);
            Assert.True(error is Errno.OK or Errno.ENOEXEC or Errno.ENOMEM, $"round {round}: {error}");
            Assert.Equal(error == Errno.OK, image is not null);
            Assert.Equal(error != Errno.OK, reason is not null);
            seen[error] = seen.GetValueOrDefault(error) + 1;
        }
        // Both sides of the checks were exercised, not just the first one.
        Assert.True(seen.GetValueOrDefault(Errno.OK) > 10_000, $"{seen.GetValueOrDefault(Errno.OK)} images loaded");
        Assert.True(seen.GetValueOrDefault(Errno.ENOEXEC) > 10_000, $"{seen.GetValueOrDefault(Errno.ENOEXEC)} images rejected");
    }

    /// <summary>Byte flips and interesting values, mostly in the headers, sometimes a truncation.</summary>
    private static byte[] Mutate(byte[] original, Random random)
    {
        var file = (byte[])original.Clone();
        int headers = ElfImageBuilder.PhOff + 2 * ElfImageBuilder.PhSize;
        int edits = random.Next(1, 5);
        for (int i = 0; i < edits; i++)
        {
            int at = random.Next(4) == 0 ? random.Next(file.Length) : random.Next(headers);
            file[at] = random.Next(3) switch
            {
                0 => (byte)random.Next(256),
                1 => (byte)(file[at] ^ (1 << random.Next(8))),
                _ => (byte)(random.Next(2) == 0 ? 0 : 0xFF),
            };
        }
        return random.Next(50) == 0 ? file[..random.Next(file.Length)] : file;
    }
}
