namespace Kfork.Cli.Tests;

/// <summary>Same workload, profile and seed: byte-identical listings and trace files.</summary>
public class DeterminismTests
{
    public static readonly TheoryData<string[]> Listings = new()
    {
        new[] { "ps", "-o", "pid,ppid,pgid,sid,uid,ruid,stat,wchan,nlwp,comm,flags", "demo", "-p", "dragonfly" },
        new[] { "ps", "--stop-at", "ProcExit:2", "--json", "demo" },
        new[] { "pstree", "--dot", "--stop-at", "ProcExit:1", "demo" },
        new[] { "pstree", "demo", "-p", "dragonfly-1.74" },
        new[] { "procstat", "2", "demo", "--seed", "7" },
        new[] { "vmstat", "-f", "--json", "demo" },
        new[] { "sysctl", "-a", "demo", "-p", "dragonfly" },
        new[] { "probes", "demo", "-p", "dragonfly" },
        new[] { "probes", "--aggregate", "profile", "demo" },
        new[] { "diff", "demo" },
    };

    [Theory, MemberData(nameof(Listings))]
    public void Listings_are_byte_identical_run_to_run(string[] args)
    {
        var a = Cli.Run(args);
        var b = Cli.Run(args);
        Assert.Equal(0, a.Code);
        Assert.Equal(a.Out, b.Out);
    }

    [Theory]
    [InlineData("ktrace", "-f")]
    [InlineData("trace", "--perfetto")]
    [InlineData("pstree", "--svg")]
    public void Files_are_byte_identical_run_to_run(string tool, string fileOption)
    {
        var f1 = Cli.TempFile("a");
        var f2 = Cli.TempFile("b");
        try
        {
            Assert.Equal(0, Cli.Run(tool, fileOption, f1, "demo", "-p", "dragonfly").Code);
            Assert.Equal(0, Cli.Run(tool, fileOption, f2, "demo", "-p", "dragonfly").Code);
            Assert.Equal(File.ReadAllBytes(f1), File.ReadAllBytes(f2));
        }
        finally { File.Delete(f1); File.Delete(f2); }
    }
}
