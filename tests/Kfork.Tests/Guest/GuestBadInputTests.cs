using Kfork.Kern;
using Kfork.Machine.Riscv;
using Kfork.Sys;

namespace Kfork.Tests.Guest;

/// <summary>Bad images, runaway programs and self-modifying code: the kernel and the host survive.</summary>
public class GuestBadInputTests : GuestTestBase
{
    [Fact]
    public void Runaway_loop_is_stopped_by_the_instruction_budget()
    {
        var run = Run("freebsd", "/bin/spin", maxInstructions: 20_000_000);
        Assert.Equal(RunOutcome.Timeout, run.Result.Outcome);
        Assert.InRange(run.Result.Instructions, 20_000_000, 20_000_000 + RiscvMachine.Quantum);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Self_modifying_code_runs_the_new_instructions(string profile)
    {
        var run = Run(profile, "/bin/selfmod");
        Assert.Contains("selfmod: 42 then 7", run.Stdout);
        Assert.Equal(0, run.Result.ExitCode);
    }

    [Fact]
    public void Exec_of_a_malformed_image_fails_and_leaves_the_caller_intact()
    {
        var system = Boot("freebsd", "/bin/true");
        var k = system.Kernel;
        var td = k.InitProc.MainLwp;
        var vm = td.Proc.Vmspace;
        var garbage = new byte[256];
        new Random(7).NextBytes(garbage);
        Assert.Equal(Errno.ENOEXEC, k.ExecImage(td, "/bin/garbage", garbage, ["garbage"], []));
        var elfHeaderOnly = (byte[])garbage.Clone();
        "\u007fELF"u8.CopyTo(elfHeaderOnly);
        Assert.Equal(Errno.ENOEXEC, k.ExecImage(td, "/bin/garbage", elfHeaderOnly, ["garbage"], []));
        Assert.Same(vm, td.Proc.Vmspace);
        Assert.Equal("init", td.Proc.Comm);
        Invariants.Check(k);
    }

    [Fact]
    public void Init_from_a_bad_image_is_a_clear_boot_error()
    {
        var system = new GuestSystem(new KernelOptions { RootDirectory = GuestRoot, ConsoleOut = Stream.Null });
        var e = Assert.Throws<KernelConfigException>(() => system.Boot([1, 2, 3], "/bin/true", []));
        Assert.Contains("ENOEXEC", e.Message);
    }

    [Theory, MemberData(nameof(AllProfiles))]
    public void Exec_of_a_missing_file_is_ENOENT(string profile)
    {
        var k = Boot(profile, "/bin/true").Kernel;
        Assert.Equal(Errno.ENOENT, k.Exec(k.InitProc.MainLwp, "/bin/none", ["none"], []));
    }
}
