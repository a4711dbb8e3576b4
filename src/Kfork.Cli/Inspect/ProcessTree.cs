using Kfork.Kern;
using Kfork.Sys;

namespace Kfork.Cli.Inspect;

/// <summary>A process and its children, oldest first (p_children is newest first).</summary>
public sealed record ProcessNode(Proc Proc, IReadOnlyList<ProcessNode> Children)
{
    /// <summary>`2 sh [Rs]`: the label every tree rendering uses.</summary>
    public string Label => $"{Proc.Pid} {Proc.Comm} [{ProcessTable.Stat(Proc)}]";

    /// <summary>The tree from proc0: init first, then the kernel threads, as pstree shows it.</summary>
    public static ProcessNode FromProc0(Kernel k) => Build(k.Proc0);

    private static ProcessNode Build(Proc p) => new(p, Kernel.Children(p).Reverse().Select(Build).ToList());

    public IEnumerable<ProcessNode> DepthFirst()
    {
        yield return this;
        foreach (var c in Children)
            foreach (var n in c.DepthFirst()) yield return n;
    }
}
