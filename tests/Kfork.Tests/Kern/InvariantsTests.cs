using Kfork.Kern;

namespace Kfork.Tests.Kern;

/// <summary>The invariant checker itself: it must catch what it claims to check.</summary>
public class InvariantsTests : KernelTestBase
{
    [Fact]
    public void Checker_catches_a_leaked_reference()
    {
        var k = Boot("freebsd");
        var td = UserProc(k);
        ForkOk(k, td);
        td.Proc.Ucred.RefCount++;
        var e = Assert.Throws<PanicException>(() => Invariants.Check(k));
        Assert.Contains("ucred", e.Message);
    }

    [Fact]
    public void Checker_catches_a_wrong_uid_count()
    {
        var k = Boot("dragonfly");
        var td = UserProc(k);
        td.Proc.Ucred.RuidInfo.ProcCount++;
        Assert.Throws<PanicException>(() => Invariants.Check(k));
    }

    [Fact]
    public void Checker_catches_a_held_parent()
    {
        var k = Boot("dragonfly");
        var td = UserProc(k);
        Assert.Equal(Kfork.Sys.Errno.OK, k.Fork1(td, Kfork.Sys.RforkFlags.RFPROC | Kfork.Sys.RforkFlags.RFFDG, out _));
        var e = Assert.Throws<PanicException>(() => Invariants.Check(k));
        Assert.Contains("PHOLD", e.Message);
    }

    [Fact]
    public void KAssert_panics_naming_the_assertion()
    {
        var e = Assert.Throws<PanicException>(() => Debug.KAssert(false, "the answer is 42"));
        Assert.Equal("panic: the answer is 42", e.Message);
    }
}
