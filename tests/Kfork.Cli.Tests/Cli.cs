using System.Text.Json;

// Program.Main writes to the process-wide Console: tests that capture it cannot run in parallel.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Kfork.Cli.Tests;

/// <summary>The result of one `kfork` invocation: exit code, stdout, stderr.</summary>
public sealed record CliResult(int Code, string Out, string Err)
{
    public string[] OutLines => Out.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
    public string[] ErrLines => Err.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
    public JsonElement Json => JsonDocument.Parse(Out).RootElement;
}

/// <summary>Runs <see cref="Program.Main"/> in-process with Console.Out, Error and In captured.</summary>
public static class Cli
{
    private static readonly Lock Gate = new();

    public static CliResult Run(params string[] args) => RunWithInput(null, args);

    public static CliResult RunWithInput(string? stdin, params string[] args)
    {
        lock (Gate)
        {
            var (oldOut, oldErr, oldIn) = (Console.Out, Console.Error, Console.In);
            var o = new StringWriter { NewLine = "\n" };
            var e = new StringWriter { NewLine = "\n" };
            Console.SetOut(o);
            Console.SetError(e);
            if (stdin != null) Console.SetIn(new StringReader(stdin));
            try
            {
                int code = Program.Main(args);
                return new CliResult(code, o.ToString(), e.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
                Console.SetIn(oldIn);
            }
        }
    }

    /// <summary>A user error: non-zero exit, exactly one line on stderr, no stack trace.</summary>
    public static void AssertOneLineError(CliResult r, string mentions)
    {
        Assert.NotEqual(0, r.Code);
        var lines = r.ErrLines;
        Assert.True(lines.Length == 1, $"expected one stderr line, got:\n{r.Err}");
        Assert.Contains(mentions, lines[0]);
        Assert.DoesNotContain("   at ", r.Err);
    }

    public static readonly TheoryData<string> Profiles = new() { "freebsd", "dragonfly", "dragonfly-1.74" };

    public static string TempFile(string name) =>
        Path.Combine(Path.GetTempPath(), $"kfork-cli-tests-{Environment.ProcessId}-{Guid.NewGuid():N}-{name}");
}
