using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Kfork.Measure;
using Spectre.Console;

namespace Kfork.Cli.Commands;

/// <summary>`kfork bench fork [--json]`: quick measurements (BenchmarkDotNet runs the same loops in bench/).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure Kfork (quick Stopwatch runs; see bench/ for BenchmarkDotNet)");
        bench.Subcommands.Add(ForkCommand());
        return bench;
    }

    private static Command ForkCommand()
    {
        var profile = CommonOptions.Profile();
        var json = CommonOptions.Json();
        var cycles = new Option<long>("--cycles") { Description = "fork+exit+wait4 cycles to time", DefaultValueFactory = _ => 2_000_000 };
        var idle = new Option<int>("--idle") { Description = "sleeping processes for the memory figure", DefaultValueFactory = _ => 1_000_000 };
        var cmd = new Command("fork", "fork1+exit1+wait4 cycles per second, bytes per cycle, bytes per idle process") { profile, json, cycles, idle };
        cmd.SetAction(r => CommonOptions.Guarded(() =>
        {
            long n = r.GetValue(cycles);
            int idleProcs = r.GetValue(idle);
            if (n < 1) throw new UsageException($"--cycles must be at least 1 (got {n})");
            if (idleProcs < 1 || idleProcs > 5_000_000) throw new UsageException($"--idle must be 1..5000000 (got {idleProcs})");
            var chosen = CommonOptions.ResolveProfile(r.GetValue(profile)!);
            var result = Render.Progress.While($"measuring {n:N0} fork+exit+wait4 cycles and {idleProcs:N0} idle processes ({chosen.Name})",
                () => ForkBench.Run(chosen, n, idleProcs));
            if (r.GetValue(json)) PrintJson(result); else PrintTable(result);
            return 0;
        }));
        return cmd;
    }

    private static void PrintJson(ForkBenchResult r)
    {
        var doc = new Dictionary<string, object>
        {
            ["profile"] = r.Profile,
            ["cycles"] = r.Cycles,
            ["cycles_per_sec"] = Math.Round(r.CyclesPerSec),
            ["bytes_per_cycle"] = Math.Round(r.BytesPerCycle, 1),
            ["idle_procs"] = r.IdleProcs,
            ["bytes_per_idle_proc"] = Math.Round(r.BytesPerIdleProc, 1),
        };
        Console.WriteLine(JsonSerializer.Serialize(doc));
    }

    private static void PrintTable(ForkBenchResult r)
    {
        var t = new Table().Title($"fork bench ({r.Profile})").AddColumns("figure", "value");
        t.AddRow("fork+exit+wait4 cycles/s", r.CyclesPerSec.ToString("N0", CultureInfo.InvariantCulture));
        t.AddRow("bytes allocated per cycle", r.BytesPerCycle.ToString("N1", CultureInfo.InvariantCulture));
        t.AddRow($"bytes per idle process ({r.IdleProcs:N0} asleep)", r.BytesPerIdleProc.ToString("N1", CultureInfo.InvariantCulture));
        Terminal.Create().Write(t);
    }
}
