using Kfork.Machine.Riscv;

namespace Kfork.Tests.Guest;

/// <summary>Real compiled programs under every profile: fork returns twice, vfork, rfork, exec, copy-on-write.</summary>
public class GuestProgramTests : GuestTestBase
{
    [Theory, MemberData(nameof(AllProfiles))]
    public void Hello_forks_and_both_processes_print(string profile)
    {
        var run = Run(profile, "/bin/hello");
        Assert.Equal(RunOutcome.Halted, run.Result.Outcome);
        Assert.Equal(0, run.Result.ExitCode);
        Assert.Contains("hello, world", run.Stdout);
        Assert.Contains("child: pid 3, parent 2", run.Stdout);
        Assert.Contains("parent: pid 2, fork returned 3, child exit status 0", run.Stdout);
    }

    public static TheoryData<string, string> TapPrograms()
    {
        var data = new TheoryData<string, string>();
        foreach (var profile in new[] { "freebsd", "dragonfly", "dragonfly-1.74" })
            foreach (var program in new[] { "t_fork", "t_vfork", "t_rfork", "t_exec", "t_cow", "t_signal", "t_pipe",
                         "t_limits", "t_sysctl", "t_kqueue", "t_lwp", "t_libc" })
                data.Add(profile, program);
        return data;
    }

    /// <summary>The guest test programs print TAP; every line must be "ok" and the program must exit 0.</summary>
    [Theory, MemberData(nameof(TapPrograms))]
    public void Guest_test_program_passes(string profile, string program)
    {
        var run = Run(profile, "/bin/" + program);
        Assert.DoesNotContain("not ok", run.Stdout);
        Assert.Contains("ok 1 ", run.Stdout);
        Assert.Equal((RunOutcome.Halted, 0), (run.Result.Outcome, run.Result.ExitCode));
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Shell_runs_a_pipeline(string profile)
    {
        var run = Run(profile, "/bin/sh", ["-c", "echo a b | wc"]);
        Assert.Equal("       1       2       4\n", run.Stdout);
        Assert.Equal(0, run.Result.ExitCode);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Shell_reports_a_signal_death_as_128_plus_signo(string profile)
    {
        var run = Run(profile, "/bin/sh", ["-c", "kill -9 $$"]);
        Assert.Equal(128 + 9, run.Result.ExitCode);
    }

    /// <summary>The fork bomb is contained by maxproc (less the profile's non-root reserve for root: none) and the kernel stays well.</summary>
    [Theory, MemberData(nameof(AllProfiles))]
    public void Forkbomb_is_contained_by_the_limits(string profile)
    {
        var run = Run(profile, "/bin/forkbomb", sysctls: new Dictionary<string, string> { ["kern.maxproc"] = "200" });
        Assert.Contains("then fork failed: errno 35", run.Stdout);
        Assert.Equal(0, run.Result.ExitCode);
        Assert.Equal(2, run.System.Kernel.NProcs); // only proc0 and init (halted) remain: every child was reaped
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Exit_code_of_the_program_is_the_runs(string profile)
    {
        Assert.Equal(1, Run(profile, "/bin/false").Result.ExitCode);
        Assert.Equal(0, Run(profile, "/bin/true").Result.ExitCode);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Missing_program_fails_in_init_not_in_the_host(string profile)
    {
        var run = Run(profile, "/bin/no-such-program");
        Assert.Equal(RunOutcome.Halted, run.Result.Outcome);
        Assert.NotEqual(0, run.Result.ExitCode);
    }

    [Fact]
    public void Runaway_program_is_stopped_by_the_instruction_budget()
    {
        var run = Run("freebsd", "/bin/sleep", ["100000"], maxInstructions: 50_000_000);
        Assert.NotEqual(RunOutcome.Timeout, run.Result.Outcome); // sleeping costs virtual time, not instructions
        Assert.True(run.Result.Ticks >= 100000L * 100);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Fork_counters_count_guest_pages(string profile)
    {
        var run = Run(profile, "/bin/hello");
        var cnt = run.System.Kernel.Cnt;
        Assert.True(cnt.ForkPages + cnt.RforkPages > 0, "fork counted vm_dsize + vm_ssize pages");
    }
}
