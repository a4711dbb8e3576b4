namespace Kfork.Cli.Tests;

/// <summary>Every kind of bad input: one line on stderr naming it, non-zero exit, no stack trace.</summary>
public class BadInputTests
{
    [Theory]
    [InlineData("unknown probe 'Nope'", "ps", "--stop-at", "Nope", "demo")]
    [InlineData("bad count in stop point 'ProcExit:0'", "ps", "--stop-at", "ProcExit:0", "demo")]
    [InlineData("step needs a count", "pstree", "--stop-at", "step", "demo")]
    [InlineData("bad stop point 'a:b:c'", "vmstat", "--stop-at", "a:b:c", "demo")]
    [InlineData("--stop-at ProcExit:99 was never reached (ProcExit fired 7 time(s))", "ps", "--stop-at", "ProcExit:99", "demo")]
    [InlineData("--stop-at step:100000 was never reached", "sysctl", "-a", "--stop-at", "step:100000", "demo")]
    [InlineData("unknown ps column 'cpu'", "ps", "-o", "pid,cpu", "demo")]
    [InlineData("unknown profile 'netbsd'", "ps", "demo", "-p", "netbsd")]
    [InlineData("choose one of --dot, --svg and --json", "pstree", "--dot", "--json", "demo")]
    [InlineData("sysctl needs -a or a NAME", "sysctl", "demo")]
    [InlineData("probes needs a workload", "probes")]
    public void Bad_options_are_one_line(string mentions, params string[] args)
    {
        Cli.AssertOneLineError(Cli.Run(args), mentions);
    }

    [Fact]
    public void A_tool_without_a_workload_says_so()
    {
        var r = Cli.Run("ps");
        Assert.NotEqual(0, r.Code);
        Assert.Contains("Required command was not provided", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }
}
