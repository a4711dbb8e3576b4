using Kfork.Cli.Compare;
using Kfork.Cli.Probing;
using Kfork.Cli.Workloads;
using Kfork.Kern;

namespace Kfork.Cli.Tests;

public class UnitTests
{
    [Theory]
    [InlineData("Fork*", new[] { ProbeId.ForkEntry, ProbeId.ForkReturn, ProbeId.ForkLimitRefused })]
    [InlineData("*Return", new[] { ProbeId.ForkReturn, ProbeId.SyscallReturn })]
    [InlineData("proc*t", new[] { ProbeId.ProcStart, ProbeId.ProcExit })]
    [InlineData("sleep, wakeup", new[] { ProbeId.Sleep, ProbeId.Wakeup })]
    public void Probe_patterns(string pattern, ProbeId[] expected)
    {
        Assert.Equal(expected.Order(), ProbeNames.ParsePatterns(pattern).Order());
    }

    [Fact]
    public void Stop_points_count_their_probe_or_every_event()
    {
        var exit = StopPoint.Parse("procexit:2");
        var e = new ProbeEvent(ProbeId.ProcExit, 0, 1, 0, 0, 0, 0, Kfork.Sys.Errno.OK, null);
        Assert.False(exit.Hit(e, 1));
        Assert.True(exit.Hit(e, 2));
        Assert.False(exit.Hit(e, 3));
        Assert.True(StopPoint.Parse("step:5").Hit(e, 5));
        Assert.True(StopPoint.Parse("ProcExit").HitEvery(e, 9));
    }

    [Fact]
    public void Myers_alignment_keeps_common_lines_and_marks_the_rest()
    {
        string[] a = ["a", "b", "c", "d", "e"], b = ["a", "c", "d", "x", "e"];
        var ops = SequenceDiff.Align(a, b);
        Assert.Equal(" -  + ", string.Concat(ops.Select(o => o.Kind)));
        Assert.Equal("a", a[ops[0].A]);
        Assert.Equal(4, ops.Count(o => o.Kind == ' '));
        Assert.Equal(1, ops.Count(o => o.Kind == '-'));
        Assert.Equal(1, ops.Count(o => o.Kind == '+'));
        Assert.Single(SequenceDiff.Hunks(ops, 1));
        Assert.Empty(SequenceDiff.Hunks(SequenceDiff.Align(a, a), 3));
    }

    [Fact]
    public void A_paused_run_can_be_inspected_resumed_and_abandoned()
    {
        var w = new DemoWorkloadAdapter(Kfork.Profiles.Builtin.FreeBsd);
        var exits = StopPoint.Parse("ProcExit");
        using (var run = new SteppableRun(w) { ShouldPause = r => exits.HitEvery(r.Event, r.Seq) })
        {
            var first = Assert.IsType<RunState.Paused>(run.Resume());
            Assert.Equal(4, first.At.Event.Pid);
            Assert.Equal(Kfork.Sys.ProcStat.SZOMB, run.Kernel.Zpfind(4)!.Stat);
            var second = Assert.IsType<RunState.Paused>(run.Resume());
            Assert.Equal(3, second.At.Event.Pid);
        } // disposed while paused: the worker unwinds and ends

        var w2 = new DemoWorkloadAdapter(Kfork.Profiles.Builtin.FreeBsd);
        using var run2 = new SteppableRun(w2);
        Assert.Equal(new RunState.Finished(0), run2.Resume());
        Assert.Equal(3, w2.Kernel.NProcs);
    }
}
