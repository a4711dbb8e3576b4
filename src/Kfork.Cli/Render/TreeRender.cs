using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Kfork.Cli.Inspect;
using Spectre.Console;

namespace Kfork.Cli.Render;

/// <summary>The process tree as a Spectre tree, DOT text, an SVG picture, or JSON.</summary>
public static class TreeRender
{
    public static Tree Spectre(ProcessNode root, Func<ProcessNode, string>? label = null)
    {
        label ??= n => n.Label;
        var tree = new Tree(Markup.Escape(label(root)));
        foreach (var c in root.Children) Add(tree.AddNode(Markup.Escape(label(c))), c, label);
        return tree;
    }

    private static void Add(TreeNode node, ProcessNode n, Func<ProcessNode, string> label)
    {
        foreach (var c in n.Children) Add(node.AddNode(Markup.Escape(label(c))), c, label);
    }

    /// <summary>The tree as indented plain lines (ddb's `show tree`).</summary>
    public static IEnumerable<string> Indented(ProcessNode root, int depth = 0)
    {
        yield return new string(' ', 2 * depth) + root.Label;
        foreach (var c in root.Children)
            foreach (var line in Indented(c, depth + 1)) yield return line;
    }

    /// <summary>`digraph pstree { p1 -> p2; }`: a node per process (by pid), an edge parent → child.</summary>
    public static string Dot(ProcessNode root)
    {
        var sb = new StringBuilder();
        sb.Append("digraph pstree {\n");
        sb.Append("  node [shape=box, fontname=\"monospace\"];\n");
        foreach (var n in root.DepthFirst())
            sb.Append(CultureInfo.InvariantCulture, $"  p{n.Proc.Pid} [label=\"{n.Label.Replace("\"", "\\\"")}\"];\n");
        foreach (var n in root.DepthFirst())
            foreach (var c in n.Children)
                sb.Append(CultureInfo.InvariantCulture, $"  p{n.Proc.Pid} -> p{c.Proc.Pid};\n");
        sb.Append("}\n");
        return sb.ToString();
    }

    public static object Json(ProcessNode n) => new
    {
        pid = n.Proc.Pid,
        comm = n.Proc.Comm,
        stat = ProcessTable.Stat(n.Proc),
        children = n.Children.Select(Json).ToList(),
    };

    private const int BoxWidth = 150, BoxHeight = 34, ColumnGap = 20, RowGap = 46, Margin = 20;

    /// <summary>
    /// A layered drawing: depth gives the row; leaves take the next free column left to right, and
    /// a parent sits centred over its first and last child, so edges never cross.
    /// </summary>
    public static XDocument Svg(ProcessNode root)
    {
        var x = new Dictionary<ProcessNode, double>(ReferenceEqualityComparer.Instance);
        var depth = new Dictionary<ProcessNode, int>(ReferenceEqualityComparer.Instance);
        int nextColumn = 0;
        double Place(ProcessNode n, int d)
        {
            depth[n] = d;
            double pos = n.Children.Count == 0
                ? nextColumn++
                : n.Children.Select(c => Place(c, d + 1)).ToList() is var xs ? (xs[0] + xs[^1]) / 2 : 0;
            x[n] = pos;
            return pos;
        }
        Place(root, 0);
        double Left(ProcessNode n) => Margin + x[n] * (BoxWidth + ColumnGap);
        double Top(ProcessNode n) => Margin + depth[n] * (BoxHeight + RowGap);
        int width = Margin * 2 + nextColumn * (BoxWidth + ColumnGap) - ColumnGap;
        int height = Margin * 2 + (depth.Values.Max() + 1) * (BoxHeight + RowGap) - RowGap;

        XNamespace ns = "http://www.w3.org/2000/svg";
        var svg = new XElement(ns + "svg",
            new XAttribute("width", width), new XAttribute("height", height),
            new XAttribute("viewBox", $"0 0 {width} {height}"),
            new XAttribute("font-family", "monospace"), new XAttribute("font-size", 12));
        svg.Add(new XElement(ns + "title", "process tree"));
        foreach (var n in root.DepthFirst())
            foreach (var c in n.Children)
                svg.Add(new XElement(ns + "line",
                    new XAttribute("x1", F(Left(n) + BoxWidth / 2.0)), new XAttribute("y1", F(Top(n) + BoxHeight)),
                    new XAttribute("x2", F(Left(c) + BoxWidth / 2.0)), new XAttribute("y2", F(Top(c))),
                    new XAttribute("stroke", "#555")));
        foreach (var n in root.DepthFirst())
        {
            bool zombie = n.Proc.Stat == Kfork.Sys.ProcStat.SZOMB;
            svg.Add(new XElement(ns + "g", new XAttribute("id", $"pid{n.Proc.Pid}"),
                new XElement(ns + "rect",
                    new XAttribute("x", F(Left(n))), new XAttribute("y", F(Top(n))),
                    new XAttribute("width", BoxWidth), new XAttribute("height", BoxHeight), new XAttribute("rx", 4),
                    new XAttribute("fill", zombie ? "#eee" : "#e8f0ff"), new XAttribute("stroke", zombie ? "#999" : "#336")),
                new XElement(ns + "text",
                    new XAttribute("x", F(Left(n) + BoxWidth / 2.0)), new XAttribute("y", F(Top(n) + BoxHeight / 2.0 + 4)),
                    new XAttribute("text-anchor", "middle"), n.Label)));
        }
        return new XDocument(svg);
    }

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
