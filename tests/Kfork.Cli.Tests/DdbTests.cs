namespace Kfork.Cli.Tests;

/// <summary>Scripted ddb sessions: commands on stdin, as a test or a shell pipeline gives them.</summary>
public class DdbTests
{
    private static CliResult Session(string script, params string[] args) => Cli.RunWithInput(script, ["ddb", .. args]);

    [Theory, MemberData(nameof(Cli.Profiles), MemberType = typeof(Cli))]
    public void Break_continue_inspect_step_and_finish(string profile)
    {
        var r = Session("break ProcExit:2\ncontinue\nps\nshow proc 3\nshow lwp 5\ntrace 2\nstep 2\ndelete\ncontinue\nstep\nquit\n", "demo", "-p", profile);
        Assert.Equal(0, r.Code);
        Assert.Contains("workload not started: 'continue' or 'step' runs it", r.Out);
        Assert.Contains("breakpoint 1: ProcExit:2", r.Out);
        Assert.Contains("Stopped at #24 tick 0: ProcExit", r.Out);
        Assert.Contains(r.OutLines, l => l.Contains(" Z ") && l.EndsWith("worker"));
        Assert.Contains("pid 3 (worker), parent 2, stat Z", r.Out);
        Assert.Contains("Stopped at #26 tick 0: ProcReap", r.Out);
        Assert.Contains("all breakpoints deleted", r.Out);
        Assert.Matches(@"workload finished: exit code 0, \d+ probe events", r.Out);
        Assert.Contains("the workload has finished", r.Out);
    }

    [Fact]
    public void Break_option_stops_before_the_first_prompt_and_repeats_for_a_bare_probe()
    {
        var r = Session("continue\ncontinue\n", "--break", "Sleep", "demo", "-p", "dragonfly");
        var stops = r.OutLines.Where(l => l.Contains("Stopped at")).ToList();
        // DragonFly sleeps twice: vfork's "ppwait", then the refused fork's "fork".
        Assert.Equal(2, stops.Count);
        Assert.All(stops, s => Assert.Contains("Sleep", s));
        Assert.Contains("wmesg \"ppwait\"", stops[0]);
        Assert.Contains("wmesg \"fork\"", stops[1]);
        Assert.Contains("workload finished", r.Out);
    }

    [Fact]
    public void Bad_commands_report_and_the_session_goes_on()
    {
        var r = Session("frobnicate\nshow proc 99\nshow proc x\nbreak Nope\ndelete 4\nhelp\n", "demo");
        Assert.Equal(0, r.Code);
        Assert.Contains("db: unknown command 'frobnicate'", r.Out);
        Assert.Contains("db: no process with pid 99", r.Out);
        Assert.Contains("db: bad pid 'x'", r.Out);
        Assert.Contains("db: unknown probe 'Nope'", r.Out);
        Assert.Contains("db: no breakpoint 4", r.Out);
        Assert.Contains("show proc PID", r.Out);
    }

    [Fact]
    public void End_of_input_quits_a_paused_session()
    {
        var r = Session("", "--break", "ForkEntry", "demo");
        Assert.Equal(0, r.Code);
        Assert.Contains("Stopped at #1 tick 0: ForkEntry", r.Out);
    }

    [Fact]
    public void Bad_break_option_is_one_line()
    {
        Cli.AssertOneLineError(Session("", "--break", "ProcExit:zero", "demo"), "bad count in stop point 'ProcExit:zero'");
    }
}
