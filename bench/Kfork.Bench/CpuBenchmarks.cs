using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Kfork.Machine.Riscv;

namespace Kfork.Bench;

/// <summary>
/// Interpreter throughput on the built-in compute loop (add/xor/shift, a load, a store and a
/// backward branch per iteration). One operation is one guest instruction, so Mean is
/// nanoseconds per instruction and the MIPS column is its reciprocal.
/// </summary>
[Config(typeof(MipsConfig))]
public class CpuBenchmarks
{
    private const int Iterations = 300_000;
    private const int Instructions = 2 + Iterations * ComputeLoop.InstructionsPerIteration;

    private readonly Cpu cpu = new();
    private readonly ComputeLoop.Memory memory = new();

    [GlobalSetup]
    public void Setup()
    {
        if (ComputeLoop.Instructions(Iterations) != Instructions)
            throw new InvalidOperationException("instruction count out of step with ComputeLoop");
    }

    [Benchmark(OperationsPerInvoke = Instructions)]
    public long ComputeLoopRun() => ComputeLoop.Run(cpu, memory, Iterations);

    private sealed class MipsConfig : ManualConfig
    {
        public MipsConfig() => AddColumn(new MipsColumn());
    }

    /// <summary>Millions of guest instructions per second, from the mean time per instruction.</summary>
    private sealed class MipsColumn : IColumn
    {
        public string Id => nameof(MipsColumn);
        public string ColumnName => "MIPS";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Millions of guest instructions per second";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            double? nsPerInstruction = summary[benchmarkCase]?.ResultStatistics?.Mean;
            return nsPerInstruction is > 0 ? (1000 / nsPerInstruction.Value).ToString("F0") : "?";
        }
    }
}
