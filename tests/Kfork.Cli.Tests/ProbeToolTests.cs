namespace Kfork.Cli.Tests;

/// <summary>probes, ktrace/kdump, trace --perfetto and diff.</summary>
public class ProbeToolTests
{
    [Theory, MemberData(nameof(Cli.Profiles), MemberType = typeof(Cli))]
    public void Probes_prints_one_line_per_firing_of_the_chosen_probes(string profile)
    {
        var r = Cli.Run("probes", "--probe", "ForkReturn,ProcExit", "demo", "-p", profile);
        Assert.Equal(0, r.Code);
        var lines = r.OutLines.Skip(1).Where(l => l.Length > 0).ToList();
        Assert.Equal(9 + 7, lines.Count);
        Assert.All(lines, l => Assert.Matches(@"^\s+\d+\s+\d+  (ForkReturn|ProcExit)\s+pid \d+", l));
        Assert.Contains(lines, l => l.Contains("ProcExit") && l.Contains("pid 3 ") && l.Contains("status exited 3"));
    }

    [Fact]
    public void Probes_wildcards_select_by_pattern()
    {
        var r = Cli.Run("probes", "-P", "*Return", "demo");
        var probes = r.OutLines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]).Distinct();
        Assert.Equal(["ForkReturn"], probes);
    }

    [Fact]
    public void Probes_count_and_aggregations()
    {
        var count = Cli.Run("probes", "--count", "demo", "-p", "dragonfly");
        Assert.Contains(count.OutLines, l => l.StartsWith("ForkEntry") && l.EndsWith(" 9"));
        Assert.Contains(count.OutLines, l => l.StartsWith("Console") && l.EndsWith(" 1"));

        var byErrno = Cli.Run("probes", "-P", "ForkReturn", "--aggregate", "errno", "demo");
        Assert.Contains(byErrno.OutLines, l => l.Contains("EAGAIN") && l.EndsWith(" 1"));
        Assert.Contains(byErrno.OutLines, l => l.Contains(" OK ") && l.EndsWith(" 8"));

        var byPid = Cli.Run("probes", "-P", "ForkEntry", "--aggregate", "pid", "--json", "demo").Json;
        var sh = byPid.GetProperty("rows").EnumerateArray().Single(x => x.GetProperty("key").GetString() == "2");
        Assert.Equal(6, sh.GetProperty("count").GetInt32());

        var byProfile = Cli.Run("probes", "--aggregate", "profile", "demo");
        Assert.Equal("PROBE            FREEBSD DRAGONFLY DRAGONFLY-1.74", byProfile.OutLines[0]);
        Assert.Contains(byProfile.OutLines, l => l.StartsWith("Console") && l.Replace(" ", "") == "Console011");
    }

    [Fact]
    public void Probes_json_events_have_the_documented_keys()
    {
        var events = Cli.Run("probes", "-P", "ProcReap", "--json", "demo").Json.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(7, events.Count);
        foreach (var key in new[] { "seq", "tick", "probe", "pid", "tid", "pid2", "arg0", "arg1", "errno", "text", "details" })
            Assert.True(events[0].TryGetProperty(key, out _), key);
    }

    [Fact]
    public void Probes_list_and_bad_names()
    {
        var list = Cli.Run("probes", "--list");
        Assert.Contains("SyscallEntry", list.OutLines);
        Cli.AssertOneLineError(Cli.Run("probes", "--probe", "Frok*", "demo"), "unknown probe 'Frok*'");
        Cli.AssertOneLineError(Cli.Run("probes", "--aggregate", "uid", "demo"), "unknown aggregation key 'uid'");
    }

    [Theory, MemberData(nameof(Cli.Profiles), MemberType = typeof(Cli))]
    public void Ktrace_then_kdump_shows_calls_and_returns_inherited_by_every_descendant(string profile)
    {
        var file = Cli.TempFile("ktrace.out");
        try
        {
            Assert.Equal(0, Cli.Run("ktrace", "-f", file, "demo", "-p", profile).Code);
            var r = Cli.Run("kdump", "-f", file);
            Assert.Equal(0, r.Code);
            Assert.Contains("     1 init     CALL  fork()", r.OutLines);
            Assert.Contains("     1 init     RET   fork 2", r.OutLines);
            Assert.Contains("     3 worker   CALL  exit(0x3)", r.OutLines);
            Assert.Contains("     2 sh       RET   wait4 3", r.OutLines);
            Assert.Contains("     2 sh       RET   vfork 6", r.OutLines);
            Assert.Contains("     2 sh       CALL  rfork(0x10)", r.OutLines);
            // Grandchildren traced too: KTRFAC_INHERIT passed down from init.
            Assert.Contains("     4 leaf     CALL  exit(0x0)", r.OutLines);
            Assert.Contains(r.OutLines, l => profile == "freebsd"
                ? l == "     2 sh       RET   fork -1 errno 35 EAGAIN"
                : l == "     2 sh       RET   fork JUSTRETURN");
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Kdump_options_and_json()
    {
        var file = Cli.TempFile("ktrace.out");
        try
        {
            Cli.Run("ktrace", "-f", file, "demo");
            var h = Cli.Run("kdump", "-f", file, "-H", "-p", "3");
            Assert.All(h.OutLines.Where(l => l.Length > 0), l => Assert.StartsWith("     3      0 worker", l));
            var j = Cli.Run("kdump", "-f", file, "--json").Json;
            Assert.Equal("kfork-ktrace", j.GetProperty("header").GetProperty("format").GetString());
            Assert.Equal("CALL", j.GetProperty("records")[0].GetProperty("type").GetString());
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Ktrace_file_round_trips_through_the_reader_and_writer()
    {
        var file = Cli.TempFile("ktrace.out");
        try
        {
            Cli.Run("ktrace", "-f", file, "demo", "-p", "dragonfly");
            var (header, records) = Ktrace.KtraceFile.Read(file);
            Assert.Equal("dragonfly", header.Profile);
            Assert.Equal(File.ReadAllText(file), Ktrace.KtraceFile.ToText(header, records));
        }
        finally { File.Delete(file); }
    }

    [Theory]
    [InlineData("", "empty file")]
    [InlineData("not json\n", ":1: malformed ktrace header")]
    [InlineData("{\"format\":\"pcap\",\"version\":1,\"profile\":\"freebsd\",\"workload\":\"demo\"}\n", "not a ktrace file")]
    [InlineData("{\"format\":\"kfork-ktrace\",\"version\":9,\"profile\":\"freebsd\",\"workload\":\"demo\"}\n", "version 9")]
    [InlineData("{\"format\":\"kfork-ktrace\",\"version\":1,\"profile\":\"freebsd\",\"workload\":\"demo\"}\n{\"seq\":1}\n", ":2: malformed ktrace record")]
    [InlineData("{\"format\":\"kfork-ktrace\",\"version\":1,\"profile\":\"freebsd\",\"workload\":\"demo\"}\n{\"seq\":1,\"tick\":0,\"pid\":1,\"tid\":0,\"comm\":\"x\",\"type\":\"NAMI\",\"name\":\"x\"}\n", "unknown record type 'NAMI'")]
    public void Kdump_of_a_malformed_file_is_one_line_and_exit_2(string content, string mentions)
    {
        var file = Cli.TempFile("bad.out");
        try
        {
            File.WriteAllText(file, content);
            var r = Cli.Run("kdump", "-f", file);
            Cli.AssertOneLineError(r, mentions);
            Assert.Equal(2, r.Code);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Kdump_of_a_missing_file_is_one_line()
    {
        Cli.AssertOneLineError(Cli.Run("kdump", "-f", "/nonexistent/ktrace.out"), "no such file or directory");
    }

    [Theory, MemberData(nameof(Cli.Profiles), MemberType = typeof(Cli))]
    public void Perfetto_trace_is_json_with_tracks_slices_fork_flows_and_exit_instants(string profile)
    {
        var file = Cli.TempFile("trace.json");
        try
        {
            Assert.Equal(0, Cli.Run("trace", "--perfetto", file, "demo", "-p", profile).Code);
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
            var events = doc.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
            string Ph(System.Text.Json.JsonElement e) => e.GetProperty("ph").GetString()!;
            Assert.Contains(events, e => Ph(e) == "M" && e.GetProperty("name").GetString() == "process_name"
                && e.GetProperty("args").GetProperty("name").GetString() == "sh (pid 2)");
            Assert.Contains(events, e => Ph(e) == "M" && e.GetProperty("name").GetString() == "thread_name");
            Assert.Contains(events, e => Ph(e) == "X" && e.GetProperty("name").GetString() == "fork1");
            var starts = events.Where(e => Ph(e) == "s").Select(e => e.GetProperty("id").GetInt32()).ToList();
            var finishes = events.Where(e => Ph(e) == "f").Select(e => e.GetProperty("id").GetInt32()).ToList();
            Assert.Equal(8, starts.Count);
            Assert.Equal(starts, finishes);
            Assert.Equal(7, events.Count(e => Ph(e) == "i" && e.GetProperty("name").GetString() == "exit"));
            // Timestamps never go backwards within the event list after the metadata.
            var ts = events.Where(e => Ph(e) is "s" or "f" or "i").Select(e => e.GetProperty("ts").GetInt64()).ToList();
            Assert.Equal(ts.Order(), ts);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Diff_shows_where_the_profiles_part_ways()
    {
        var r = Cli.Run("diff", "demo");
        Assert.Equal(0, r.Code);
        Assert.StartsWith("freebsd (66 events, exit 0)  vs  dragonfly (69 events, exit 0)", r.OutLines[0]);
        Assert.Contains("--- freebsd", r.OutLines);
        Assert.Contains("+++ dragonfly", r.OutLines);
        // FreeBSD refuses the fork at once; DragonFly prints a message and sleeps first.
        Assert.Contains(r.OutLines, l => l.StartsWith("- #60") && l.Contains("errno EAGAIN"));
        Assert.Contains(r.OutLines, l => l.StartsWith("+ #61") && l.Contains("Sleep") && l.Contains("\"fork\""));
        Assert.Contains(r.OutLines, l => l.TrimStart().StartsWith("kern.ostype") && l.Contains("FreeBSD") && l.Contains("DragonFly"));
        Assert.Contains("    maxproc limit exceeded by uid 1001, please see tuning(7) and login.conf(5).", r.OutLines);
    }

    [Fact]
    public void Diff_json_and_bad_profiles()
    {
        var j = Cli.Run("diff", "--profiles", "dragonfly,dragonfly-1.74", "--json", "demo").Json;
        Assert.Equal("dragonfly", j.GetProperty("base_profile").GetString());
        Assert.Equal(2, j.GetProperty("runs").GetArrayLength());
        Assert.True(j.TryGetProperty("comparisons", out _));
        Assert.True(j.TryGetProperty("figures", out _));
        Cli.AssertOneLineError(Cli.Run("diff", "--profiles", "freebsd,netbsd", "demo"), "unknown profile 'netbsd'");
        Cli.AssertOneLineError(Cli.Run("diff", "--profiles", "freebsd", "demo"), "at least two profiles");
    }
}
