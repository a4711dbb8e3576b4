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
        bench.Subcommands.Add(GuestCommand());
        bench.Subcommands.Add(PidCommand());
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

    private static Command GuestCommand()
    {
        var profile = CommonOptions.Profile();
        var json = CommonOptions.Json();
        var forks = new Option<int>("--forks") { Description = "guest fork cycles for guest_forks_per_sec", DefaultValueFactory = _ => 20_000 };
        var cmd = new Command("guest", "Interpreter MIPS, fork of 1 MiB vs 1 GiB touched memory, guest fork cycles per second") { profile, json, forks };
        cmd.SetAction(r => CommonOptions.Guarded(() =>
        {
            int n = r.GetValue(forks);
            if (n < 1) throw new UsageException($"--forks must be at least 1 (got {n})");
            var root = GuestTree.DefaultRoot() ?? throw new UsageException("no guest programs found: run guest/build.sh");
            var init = File.ReadAllBytes(GuestTree.InitImage(root)!);
            var chosen = CommonOptions.ResolveProfile(r.GetValue(profile)!);
            var g = Render.Progress.While($"measuring the interpreter, guest forks of 1 MiB and 1 GiB, {n:N0} guest fork cycles ({chosen.Name})",
                () => GuestBench.Run(chosen, init, root, n));
            if (r.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["mips"] = Math.Round(g.Mips, 1),
                    ["fork_1mib_us"] = Math.Round(g.Fork1MibMicros, 2),
                    ["fork_1gib_us"] = Math.Round(g.Fork1GibMicros, 2),
                    ["guest_forks_per_sec"] = Math.Round(g.GuestForksPerSec),
                }));
                return 0;
            }
            var t = new Table().Title("guest bench").AddColumns("figure", "value");
            t.AddRow("interpreter MIPS (compute loop)", g.Mips.ToString("N1", CultureInfo.InvariantCulture));
            t.AddRow("fork+exit+wait4, 1 MiB touched (µs)", g.Fork1MibMicros.ToString("N2", CultureInfo.InvariantCulture));
            t.AddRow("fork+exit+wait4, 1 GiB touched (µs)", g.Fork1GibMicros.ToString("N2", CultureInfo.InvariantCulture));
            t.AddRow("guest fork cycles/s (forkloop)", g.GuestForksPerSec.ToString("N0", CultureInfo.InvariantCulture));
            Terminal.Create().Write(t);
            return 0;
        }));
        return cmd;
    }

    private static Command PidCommand()
    {
        var json = CommonOptions.Json();
        var cmd = new Command("pid", "PID allocation cost of the bitmap and the seed's scan at 100, 10,000 and 90,000 live processes and a nearly full table") { json };
        cmd.SetAction(r => CommonOptions.Guarded(() =>
        {
            var rows = Kfork.Kern.PidAllocBench.Run();
            if (r.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(rows.Select(row => new Dictionary<string, object>
                {
                    ["allocator"] = row.Allocator,
                    ["live"] = row.Live,
                    ["ns_per_alloc"] = Math.Round(row.NsPerAlloc, 2),
                })));
                return 0;
            }
            var t = new Table().Title("pid allocation (allocate + reference + release)").AddColumns("allocator", "live", "ns/alloc");
            foreach (var row in rows)
                t.AddRow(row.Allocator, row.Live.ToString("N0", CultureInfo.InvariantCulture), row.NsPerAlloc.ToString("N1", CultureInfo.InvariantCulture));
            Terminal.Create().Write(t);
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
