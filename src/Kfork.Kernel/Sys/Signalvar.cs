using System.Buffers.Binary;
using System.Numerics;

namespace Kfork.Sys;

/// <summary>sigset_t: 128 signals, bit (signo - 1).</summary>
public struct Sigset : IEquatable<Sigset>
{
    public ulong Lo, Hi;

    public static Sigset Of(int signo) { var s = default(Sigset); s.Add(signo); return s; }
    public readonly bool Has(int signo) => signo <= 64 ? (Lo & Bit(signo)) != 0 : (Hi & Bit(signo - 64)) != 0;
    public void Add(int signo) { if (signo <= 64) Lo |= Bit(signo); else Hi |= Bit(signo - 64); }
    public void Remove(int signo) { if (signo <= 64) Lo &= ~Bit(signo); else Hi &= ~Bit(signo - 64); }
    public readonly bool IsEmpty => (Lo | Hi) == 0;
    public readonly Sigset Without(Sigset other) => new() { Lo = Lo & ~other.Lo, Hi = Hi & ~other.Hi };
    public readonly Sigset With(Sigset other) => new() { Lo = Lo | other.Lo, Hi = Hi | other.Hi };

    /// <summary>The lowest signal number in the set, or 0 (sig_ffs).</summary>
    public readonly int First() =>
        Lo != 0 ? BitOperations.TrailingZeroCount(Lo) + 1 : Hi != 0 ? BitOperations.TrailingZeroCount(Hi) + 65 : 0;

    /// <summary>The user-space sigset_t layout: 16 bytes (4 × uint32, little endian).</summary>
    public const int UserSize = 16;

    /// <summary>Decode a user-space sigset_t.</summary>
    public static Sigset Read(ReadOnlySpan<byte> b) =>
        new() { Lo = BinaryPrimitives.ReadUInt64LittleEndian(b), Hi = BinaryPrimitives.ReadUInt64LittleEndian(b[8..]) };

    /// <summary>Encode as a user-space sigset_t.</summary>
    public readonly void Write(Span<byte> b)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(b, Lo);
        BinaryPrimitives.WriteUInt64LittleEndian(b[8..], Hi);
    }

    private static ulong Bit(int n) => 1UL << (n - 1);
    public readonly bool Equals(Sigset other) => Lo == other.Lo && Hi == other.Hi;
    public override readonly bool Equals(object? obj) => obj is Sigset s && Equals(s);
    public override readonly int GetHashCode() => HashCode.Combine(Lo, Hi);
}

/// <summary>sa_flags (GUEST_ABI.md).</summary>
[Flags]
public enum SaFlags
{
    None = 0, SA_ONSTACK = 1, SA_RESTART = 2, SA_RESETHAND = 4, SA_NODEFER = 0x10,
    SA_NOCLDWAIT = 0x20, SA_SIGINFO = 0x40,
}

/// <summary>One signal's disposition: handler address (SIG_DFL 0, SIG_IGN 1), mask and flags.</summary>
public record struct SigAction(ulong Handler, Sigset Mask, SaFlags Flags)
{
    public const ulong SIG_DFL = 0, SIG_IGN = 1;
}

/// <summary>
/// struct sigacts: the signal actions of a process, copied at fork or shared with RFSIGSHARE
/// (002_…:418-452, 001_…:412-420). The action table itself is copy-on-write between a parent and a
/// copying child so that a million idle processes do not each carry 128 actions; that is an
/// implementation detail invisible to every caller (a write always lands in a private table).
/// </summary>
public sealed class Sigacts
{
    /// <summary>ps_refcnt: processes sharing this sigacts (RFSIGSHARE).</summary>
    public int RefCount = 1;

    private SigActionTable table;

    /// <summary>PS_NOCLDWAIT: SIGCHLD's SA_NOCLDWAIT, children are not left as zombies.</summary>
    public bool NoChildWait;

    public Sigacts() => table = SigActionTable.Default;

    private Sigacts(SigActionTable shared, bool noChildWait)
    {
        table = shared;
        table.Share();
        NoChildWait = noChildWait;
    }

    public SigAction this[int signo] => table.Actions[signo - 1];

    /// <summary>A copy for a child forked without RFSIGSHARE.</summary>
    public Sigacts Copy() => new(table, NoChildWait);

    public void Set(int signo, SigAction action)
    {
        if (!table.IsPrivate)
        {
            table.Unshare();
            table = table.Clone();
        }
        table.Actions[signo - 1] = action;
    }

    /// <summary>Called when the last reference goes away: drops this holder's share of the table.</summary>
    public void Free() => table.Unshare();

    public bool IsIgnored(int signo) => this[signo].Handler == SigAction.SIG_IGN;
    public bool IsCaught(int signo) => this[signo].Handler > SigAction.SIG_IGN;
}

/// <summary>The action array behind <see cref="Sigacts"/>, counted by how many sigacts read it.</summary>
internal sealed class SigActionTable
{
    public readonly SigAction[] Actions = new SigAction[Sig.NSIG];

    /// <summary>Sigacts reading this table; unused for <see cref="Default"/>.</summary>
    private int sharers = 1;

    /// <summary>
    /// All SIG_DFL and never written or counted (Set clones it first), so it is immutable and
    /// safe to share between kernels.
    /// </summary>
    public static readonly SigActionTable Default = new();

    public bool IsPrivate => this != Default && sharers == 1;

    public void Share() { if (this != Default) sharers++; }

    public void Unshare() { if (this != Default) sharers--; }

    public SigActionTable Clone()
    {
        var copy = new SigActionTable();
        Array.Copy(Actions, copy.Actions, Actions.Length);
        return copy;
    }
}
