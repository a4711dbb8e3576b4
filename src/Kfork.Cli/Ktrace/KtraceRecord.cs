namespace Kfork.Cli.Ktrace;

/// <summary>
/// One ktrace record (struct ktr_header + its payload), as a line of the trace file.
/// <list type="bullet">
/// <item>CALL: <see cref="Name"/> and <see cref="Args"/> (KTR_SYSCALL).</item>
/// <item>RET: <see cref="Name"/>, <see cref="Retval"/>, and <see cref="Errno"/>/<see cref="Ename"/> when it failed (KTR_SYSRET);
/// <see cref="Ename"/> "JUSTRETURN" when the call returns later by another path (it slept).</item>
/// <item>PSIG: <see cref="Name"/> = the signal delivered (KTR_PSIG).</item>
/// </list>
/// </summary>
public sealed record KtraceRecord
{
    public required long Seq { get; init; }
    public required long Tick { get; init; }
    public required int Pid { get; init; }
    public required int Tid { get; init; }
    public required string Comm { get; init; }
    public required string Type { get; init; }
    public required string Name { get; init; }
    public IReadOnlyList<long>? Args { get; init; }
    public long? Retval { get; init; }
    public int? Errno { get; init; }
    public string? Ename { get; init; }

    public const string Call = "CALL", Ret = "RET", Psig = "PSIG";
}

/// <summary>The first line of a trace file: what it is and what was traced.</summary>
public sealed record KtraceHeader
{
    public string Format { get; init; } = KtraceFile.FormatName;
    public int Version { get; init; } = KtraceFile.Version;
    public required string Profile { get; init; }
    public required string Workload { get; init; }
}
