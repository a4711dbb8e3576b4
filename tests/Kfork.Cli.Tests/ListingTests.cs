namespace Kfork.Cli.Tests;

/// <summary>ps, procstat, vmstat -f and sysctl on the demo workload, at the end and at --stop-at.</summary>
public class ListingTests
{
    [Theory, MemberData(nameof(Cli.Profiles), MemberType = typeof(Cli))]
    public void Ps_at_the_end_lists_swapper_init_and_the_shell(string profile)
    {
        var r = Cli.Run("ps", "demo", "-p", profile);
        Assert.Equal(0, r.Code);
        Assert.Equal("PID PPID PGID SID  UID STAT WCHAN NLWP COMMAND", r.OutLines[0]);
        Assert.Contains(r.OutLines, l => l.EndsWith(" sh") && l.Contains("1001") && l.TrimStart().StartsWith("2 "));
        Assert.Equal(4, r.OutLines.Count(l => l.Length > 0));
    }

    [Theory, MemberData(nameof(Cli.Profiles), MemberType = typeof(Cli))]
    public void Ps_stopped_at_the_second_exit_shows_the_zombie_worker_and_the_orphan(string profile)
    {
        var r = Cli.Run("ps", "--stop-at", "ProcExit:2", "demo", "-p", profile);
        Assert.Equal(0, r.Code);
        Assert.StartsWith("stopped at #24 tick 0: ProcExit", r.OutLines[0]);
        Assert.Contains(r.OutLines, l => l.Contains(" Z ") && l.EndsWith("worker"));
        // pid 5's parent exited: init (pid 1) adopted it.
        Assert.Contains(r.OutLines, l => l.TrimStart().StartsWith("5    1 ") && l.EndsWith("leaf"));
    }

    [Fact]
    public void Ps_step_stops_at_the_nth_event_and_options_may_follow_the_workload()
    {
        var r = Cli.Run("ps", "demo", "--stop-at", "step:4", "-o", "pid,stat,comm");
        Assert.Equal(0, r.Code);
        Assert.StartsWith("stopped at #4 tick 0: ProcStart", r.OutLines[0]);
        Assert.Equal("PID STAT COMMAND", r.OutLines[1]);
    }

    [Fact]
    public void Ps_json_has_the_chosen_columns_as_keys()
    {
        var j = Cli.Run("ps", "-o", "pid,ppid,pgid,sid,uid,ruid,stat,wchan,nlwp,comm,flags", "--json", "demo").Json;
        Assert.Equal("freebsd", j.GetProperty("profile").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, j.GetProperty("stopped_at").ValueKind);
        var sh = j.GetProperty("processes").EnumerateArray().Single(p => p.GetProperty("pid").GetInt32() == 2);
        foreach (var key in new[] { "pid", "ppid", "pgid", "sid", "uid", "ruid", "stat", "wchan", "nlwp", "comm", "flags" })
            Assert.True(sh.TryGetProperty(key, out _), key);
        Assert.Equal("sh", sh.GetProperty("comm").GetString());
        Assert.Equal(1001, sh.GetProperty("uid").GetInt32());
    }

    [Fact]
    public void Ps_json_at_a_stop_names_the_event()
    {
        var j = Cli.Run("ps", "--json", "--stop-at", "ForkReturn:2", "demo").Json;
        var at = j.GetProperty("stopped_at");
        Assert.Equal("ForkReturn", at.GetProperty("probe").GetString());
        Assert.Equal(2, at.GetProperty("pid").GetInt32());
    }

    [Theory, MemberData(nameof(Cli.Profiles), MemberType = typeof(Cli))]
    public void Procstat_shows_every_section_of_the_shell(string profile)
    {
        var r = Cli.Run("procstat", "2", "demo", "-p", profile);
        Assert.Equal(0, r.Code);
        Assert.Equal("pid 2 (sh), parent 1, stat Rs", r.OutLines[0]);
        foreach (var section in new[] { "credentials", "limits (plimit refs", "descriptors (filedesc refs", "signals (sigacts refs", "memory", "lwps" })
            Assert.Contains(r.OutLines, l => l.StartsWith(section));
        Assert.Contains(r.OutLines, l => l.Trim().StartsWith("nproc") && l.Trim().EndsWith("3"));
    }

    [Fact]
    public void Procstat_of_a_zombie_says_what_exit1_released()
    {
        var r = Cli.Run("procstat", "3", "--stop-at", "ProcExit:2", "demo");
        Assert.Equal(0, r.Code);
        Assert.Contains("pid 3 (worker), parent 2, stat Z", r.Out);
        Assert.Contains("memory: released by exit1 (zombie)", r.Out);
    }

    [Fact]
    public void Procstat_json_has_the_documented_sections()
    {
        var p = Cli.Run("procstat", "2", "--json", "demo").Json.GetProperty("process");
        foreach (var key in new[] { "pid", "comm", "ppid", "stat", "cred", "limit", "files", "sigs", "mem", "lwps" })
            Assert.True(p.TryGetProperty(key, out _), key);
        Assert.Equal(16, p.GetProperty("mem").GetProperty("data_pages").GetInt32());
    }

    [Fact]
    public void Procstat_rejects_bad_and_missing_pids_in_one_line()
    {
        Cli.AssertOneLineError(Cli.Run("procstat", "x", "demo"), "bad pid 'x'");
        Cli.AssertOneLineError(Cli.Run("procstat", "77", "demo"), "no process with pid 77");
    }

    [Theory]
    [InlineData("freebsd", "6 forks, 80 pages, average 13.33")]
    [InlineData("dragonfly", "7 forks, 80 pages, average 11.43")]
    public void Vmstat_f_prints_the_fork_counters(string profile, string forks)
    {
        var r = Cli.Run("vmstat", "-f", "demo", "-p", profile);
        Assert.Equal(0, r.Code);
        Assert.Equal(forks, r.OutLines[0]);
        Assert.Equal("1 vforks, 16 pages, average 16.00", r.OutLines[1]);
        Assert.Equal("1 rforks, 16 pages, average 16.00", r.OutLines[2]);
    }

    [Fact]
    public void Vmstat_json_lists_the_four_kinds()
    {
        var counters = Cli.Run("vmstat", "-f", "--json", "demo").Json.GetProperty("counters").EnumerateArray().ToList();
        Assert.Equal(["fork", "vfork", "rfork", "kernel thread"], counters.Select(c => c.GetProperty("kind").GetString()));
        Assert.All(counters, c => Assert.True(c.TryGetProperty("pages", out _)));
    }

    [Theory]
    [InlineData("freebsd", "kern.ostype: FreeBSD")]
    [InlineData("dragonfly", "kern.ostype: DragonFly")]
    public void Sysctl_a_prints_name_colon_value(string profile, string line)
    {
        var r = Cli.Run("sysctl", "-a", "demo", "-p", profile);
        Assert.Equal(0, r.Code);
        Assert.Contains(line, r.OutLines);
        Assert.Contains("kern.maxproc: 40", r.OutLines);
    }

    [Fact]
    public void Sysctl_names_an_oid_or_a_subtree()
    {
        var r = Cli.Run("sysctl", "kern.lastpid", "vm.stats.vm", "demo");
        Assert.Equal("kern.lastpid: 9", r.OutLines[0]);
        Assert.Equal(9, r.OutLines.Count(l => l.Length > 0));
        var j = Cli.Run("sysctl", "kern.maxproc", "kern.ostype", "--json", "demo").Json.GetProperty("sysctls");
        Assert.Equal(40, j.GetProperty("kern.maxproc").GetInt32());
        Assert.Equal("FreeBSD", j.GetProperty("kern.ostype").GetString());
    }

    [Fact]
    public void Sysctl_unknown_oid_is_one_line()
    {
        Cli.AssertOneLineError(Cli.Run("sysctl", "kern.nope", "demo"), "unknown oid 'kern.nope'");
    }
}
