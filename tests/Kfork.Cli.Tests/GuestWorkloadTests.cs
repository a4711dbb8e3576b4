namespace Kfork.Cli.Tests;

/// <summary>
/// The tools on the guest workload (`... run PATH ARGS`), on the programs guest/build.sh builds
/// (./test.sh builds them first, as the kernel's guest tests need).
/// </summary>
public class GuestWorkloadTests
{
    [Theory, MemberData(nameof(Cli.Profiles), MemberType = typeof(Cli))]
    public void Ktrace_records_guest_system_calls_inherited_by_the_child(string profile)
    {
        var file = Cli.TempFile("guest.ktrace");
        try
        {
            Assert.Equal(0, Cli.Run("ktrace", "-f", file, "run", "--profile", profile, "/bin/t_fork").Code);
            var r = Cli.Run("kdump", "-f", file);
            Assert.Equal(0, r.Code);
            Assert.Contains("     2 init     CALL  execve", string.Join('\n', r.OutLines));
            Assert.Contains("     2 t_fork   CALL  getpid()", r.OutLines);
            Assert.Contains("     2 t_fork   RET   fork 3", r.OutLines);
            // The child's first return to user space is fork_return's SYSRET fork 0.
            Assert.Contains("     3 t_fork   RET   fork 0", r.OutLines);
            Assert.Contains("     3 t_fork   CALL  exit(0x7)", r.OutLines);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Ps_stopped_mid_run_shows_the_shell_waiting_for_its_child()
    {
        var r = Cli.Run("ps", "--stop-at", "ProcExit:1", "run", "/bin/sh", "-c", "echo a; /bin/true");
        Assert.Equal(0, r.Code);
        Assert.Contains(r.OutLines, l => l.Contains(" S ") && l.Contains("wait") && l.EndsWith("sh"));
        Assert.Contains(r.OutLines, l => l.Contains(" Z ") && l.EndsWith("echo"));
    }

    [Fact]
    public void Probes_count_guest_system_calls()
    {
        var r = Cli.Run("probes", "--count", "run", "/bin/hello");
        Assert.Contains(r.OutLines, l => l.StartsWith("SyscallEntry"));
        Assert.Contains(r.OutLines, l => l.StartsWith("ProcExec"));
    }

    [Fact]
    public void Ddb_stops_a_guest_inside_a_system_call()
    {
        var r = Cli.RunWithInput("break SyscallEntry:10\ncontinue\nps\ncontinue\n", "ddb", "run", "/bin/t_fork");
        Assert.Equal(0, r.Code);
        Assert.Contains("tick 0: SyscallEntry", r.Out); // the 10th system call, inside the program
        Assert.Contains(r.OutLines, l => l.EndsWith("t_fork") && l.TrimStart().StartsWith("3 "));
        Assert.Contains("workload finished: exit code 0", r.Out);
    }

    [Fact]
    public void Diff_of_a_guest_program_names_the_differing_counters()
    {
        var r = Cli.Run("diff", "run", "/bin/t_rfork");
        Assert.Equal(0, r.Code);
        Assert.Contains(r.OutLines, l => l.TrimStart().StartsWith("vm.stats.vm.v_rforks"));
    }

    [Fact]
    public void Guest_traces_are_byte_identical_run_to_run()
    {
        var f1 = Cli.TempFile("a");
        var f2 = Cli.TempFile("b");
        try
        {
            Cli.Run("ktrace", "-f", f1, "run", "--profile", "dragonfly", "/bin/t_fork");
            Cli.Run("ktrace", "-f", f2, "run", "--profile", "dragonfly", "/bin/t_fork");
            Assert.Equal(File.ReadAllBytes(f1), File.ReadAllBytes(f2));
            Assert.Equal(Cli.Run("ps", "--stop-at", "step:100", "run", "/bin/t_fork").Out, Cli.Run("ps", "--stop-at", "step:100", "run", "/bin/t_fork").Out);
        }
        finally { File.Delete(f1); File.Delete(f2); }
    }

    [Fact]
    public void A_relative_path_is_one_line()
    {
        Cli.AssertOneLineError(Cli.Run("ps", "run", "bin/hello"), "PATH must be absolute");
    }
}

public class GuestConsoleTests
{
    [Fact]
    public void Under_ddb_a_guest_reading_stdin_gets_end_of_file_and_the_prompt_keeps_its_script()
    {
        var r = Cli.RunWithInput("continue\nps\n", "ddb", "run", "/bin/cat");
        Assert.Contains("workload finished: exit code 0", r.Out);
        Assert.Contains("PID PPID PGID SID UID STAT WCHAN NLWP COMMAND", r.Out);
    }

    [Fact]
    public void Perfetto_trace_of_a_guest_has_a_slice_per_system_call()
    {
        var file = Cli.TempFile("guest.json");
        try
        {
            Assert.Equal(0, Cli.Run("trace", "--perfetto", file, "run", "/bin/t_fork").Code);
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
            var slices = doc.RootElement.GetProperty("traceEvents").EnumerateArray()
                .Where(e => e.GetProperty("ph").GetString() == "X").Select(e => e.GetProperty("name").GetString()!).ToList();
            Assert.Contains("getpid", slices);
            Assert.Contains(slices, n => n.StartsWith("wait4("));
            Assert.Contains(slices, n => n.StartsWith("exit("));
        }
        finally { File.Delete(file); }
    }
}

public class GuestLwpTests
{
    [Fact]
    public void Listings_see_the_second_lwp_of_a_dragonfly_threaded_process()
    {
        // Somewhere in t_lwp's run the process has two LWPs (lwp_create); find such a moment.
        var moment = Enumerable.Range(1, 20).Select(n => $"SyscallEntry:{n * 3}").FirstOrDefault(at =>
            Cli.Run("ps", "--json", "--stop-at", at, "run", "--profile", "dragonfly", "/bin/t_lwp").Json
                .GetProperty("processes").EnumerateArray().Any(p => p.GetProperty("nlwp").GetInt32() == 2));
        Assert.NotNull(moment);
        var lwps = Cli.Run("procstat", "2", "--json", "--stop-at", moment!, "run", "--profile", "dragonfly", "/bin/t_lwp").Json
            .GetProperty("process").GetProperty("lwps").EnumerateArray().Select(l => l.GetProperty("tid").GetInt32());
        Assert.Equal([0, 1], lwps);
    }
}
