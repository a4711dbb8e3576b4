using CsCheck;
using Kfork.Kern;
using Kfork.Profiles;
using Kfork.Sys;
using Xunit.Abstractions;

namespace Kfork.Tests.Property;

/// <summary>
/// Random sequences of fork, vfork, rfork with random flags, exit, wait4, kill, setuid, setrlimit,
/// setsid, setpgid and lwp_create, in every profile, with the kernel's INVARIANTS checked after
/// every step. CsCheck shrinks a failing sequence to a minimal one and prints it.
/// </summary>
public class KernelModelTests(ITestOutputHelper output)
{
    public enum Kind { Fork, Vfork, Rfork, Exit, Wait, Kill, Setuid, Setrlimit, Setsid, Setpgid, LwpCreate, Run }

    public readonly record struct Op(Kind Kind, int Actor, int Target, int Arg)
    {
        public override string ToString() => $"{Kind}({Actor},{Target},{Arg:x})";
    }

    private static readonly Gen<Op> GenOp =
        Gen.Select(Gen.Enum<Kind>(), Gen.Int[0, 63], Gen.Int[0, 63], Gen.Int, (k, a, t, x) => new Op(k, a, t, x));

    /// <summary>Steps per profile per run: 3 profiles × 40 sequences × ~900 ops ≈ 108,000 steps.</summary>
    private const int Sequences = 40;

    [Theory]
    [InlineData("freebsd")]
    [InlineData("dragonfly")]
    [InlineData("dragonfly-1.74")]
    public void Invariants_hold_after_every_step(string profile)
    {
        long steps = 0;
        GenOp.Array[800, 1000].Sample(ops =>
        {
            Interlocked.Add(ref steps, Replay(profile, ops));
        }, iter: Sequences, threads: 1);
        output.WriteLine($"{profile}: {steps} steps, invariants checked after each");
        Assert.True(steps >= 30_000);
    }

    /// <summary>Boot a small kernel and apply the ops; returns how many were applied.</summary>
    public static int Replay(string profile, Op[] ops)
    {
        var k = new Kernel(new KernelOptions
        {
            Profile = Builtin.Find(profile)!,
            Tunables = new Dictionary<string, string> { ["kern.maxproc"] = "48" },
        });
        var root = k.InitProc.MainLwp;
        foreach (var op in ops)
        {
            Apply(k, root, op);
            Invariants.Check(k);
        }
        k.RunUntilIdle();
        Invariants.Check(k);
        return ops.Length;
    }

    /// <summary>LWPs that can make a system call now (not asleep, not stopped), by pid then tid.</summary>
    private static List<Lwp> Runnable(Kernel k)
    {
        var list = new List<Lwp>();
        foreach (var p in k.AllProc)
            if (p.Stat == ProcStat.SACTIVE && (p.Flag & ProcFlags.P_SYSTEM) == 0)
                foreach (var lp in Kernel.Lwps(p))
                    if (lp.WChan == null && lp.Continuation == null) list.Add(lp);
        list.Sort((a, b) => a.Proc.Pid != b.Proc.Pid ? a.Proc.Pid.CompareTo(b.Proc.Pid) : a.Tid.CompareTo(b.Tid));
        return list;
    }

    private static void Apply(Kernel k, Lwp root, Op op)
    {
        var lwps = Runnable(k);
        if (lwps.Count == 0 || op.Kind == Kind.Run) { k.RunUntilIdle(200); return; }
        var td = lwps[op.Actor % lwps.Count];
        var target = lwps[op.Target % lwps.Count].Proc;
        bool isInit = td.Proc == k.InitProc;
        switch (op.Kind)
        {
            case Kind.Fork: k.SysFork(td); break;
            case Kind.Vfork: k.SysVfork(td); break;
            case Kind.Rfork: k.SysRfork(td, (RforkFlags)(uint)op.Arg & AnyRforkFlag); break;
            case Kind.Exit when !isInit: k.SysExit(td, op.Arg & 0xff); break;
            case Kind.Wait: k.SysWait4(td, WaitSelector(op, target), 0, WaitOptions(op)); break;
            case Kind.Kill: k.SysKill(td, op.Arg % 3 == 0 ? -target.Pgrp.Id : target.Pid, Signals[(uint)op.Arg % Signals.Length]); break;
            case Kind.Setuid: k.SysSetuid(td, op.Arg % 3 == 0 ? 0 : 1000 + op.Arg % 3); break;
            case Kind.Setrlimit: k.SetRlimit(td, (int)RlimitKind.Nproc, new Rlimit(1 + (uint)op.Arg % 20, 40)); break;
            case Kind.Setsid: k.SetSid(td); break;
            case Kind.Setpgid: k.SysSetpgid(td, target.Pid, op.Arg % 2 == 0 ? 0 : td.Proc.Pgrp.Id); break;
            case Kind.LwpCreate: k.SysLwpCreate(td, new LwpParams(0x1000, 0, 0x2000, 0, 0)); break;
        }
    }

    private const RforkFlags AnyRforkFlag = (RforkFlags)0xC007_7C7Fu;

    private static readonly int[] Signals =
        [0, Sig.SIGTERM, Sig.SIGKILL, Sig.SIGSTOP, Sig.SIGCONT, Sig.SIGCHLD, Sig.SIGUSR1, Sig.SIGHUP, Sig.SIGTSTP];

    private static int WaitSelector(Op op, Proc target) => (op.Arg % 4) switch
    {
        0 => -1,
        1 => target.Pid,
        2 => 0,
        _ => -target.Pgrp.Id,
    };

    private static int WaitOptions(Op op) =>
        ((op.Arg >> 4) & (Wait.WNOHANG | Wait.WUNTRACED | Wait.WCONTINUED | Wait.WNOWAIT)) | ((op.Arg & 0x100) != 0 ? Wait.WLINUXCLONE : 0);
}
