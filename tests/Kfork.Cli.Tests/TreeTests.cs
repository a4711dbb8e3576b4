using System.Xml.Linq;

namespace Kfork.Cli.Tests;

public class TreeTests
{
    [Theory, MemberData(nameof(Cli.Profiles), MemberType = typeof(Cli))]
    public void Pstree_draws_proc0_init_and_the_shell(string profile)
    {
        var r = Cli.Run("pstree", "demo", "-p", profile);
        Assert.Equal(0, r.Code);
        Assert.Equal("0 swapper [Rs]", r.OutLines[0]);
        Assert.Contains("└── 1 init [Rs]", r.OutLines[1]);
        Assert.Contains("2 sh [Rs]", r.OutLines[2]);
    }

    [Fact]
    public void Pstree_dot_has_an_edge_per_parent_and_child()
    {
        var r = Cli.Run("pstree", "--dot", "--stop-at", "ProcExit:1", "demo");
        Assert.Equal(0, r.Code);
        Assert.StartsWith("digraph pstree {", r.Out);
        foreach (var edge in new[] { "p0 -> p1;", "p1 -> p2;", "p2 -> p3;", "p3 -> p4;", "p3 -> p5;" })
            Assert.Contains("  " + edge, r.OutLines);
        Assert.Contains("p4 [label=\"4 leaf [Z]\"];", r.Out);
    }

    [Fact]
    public void Pstree_svg_is_xml_with_a_box_per_process()
    {
        var file = Cli.TempFile("tree.svg");
        try
        {
            var r = Cli.Run("pstree", "--svg", file, "--stop-at", "ProcExit:2", "demo");
            Assert.Equal(0, r.Code);
            var doc = XDocument.Load(file);
            XNamespace svg = "http://www.w3.org/2000/svg";
            Assert.Equal(svg + "svg", doc.Root!.Name);
            // 0 1 2 3(zombie) 5(orphan, now init's): five boxes, four edges.
            Assert.Equal(5, doc.Descendants(svg + "rect").Count());
            Assert.Equal(4, doc.Descendants(svg + "line").Count());
            Assert.Contains(doc.Descendants(svg + "text"), t => t.Value == "3 worker [Z]");
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Pstree_json_nests_children()
    {
        var root = Cli.Run("pstree", "--json", "demo").Json.GetProperty("tree");
        Assert.Equal(0, root.GetProperty("pid").GetInt32());
        var init = root.GetProperty("children")[0];
        Assert.Equal("init", init.GetProperty("comm").GetString());
        Assert.Equal("sh", init.GetProperty("children")[0].GetProperty("comm").GetString());
    }

    [Fact]
    public void Pstree_bad_svg_path_is_one_line()
    {
        Cli.AssertOneLineError(Cli.Run("pstree", "--svg", "/nonexistent-dir/x.svg", "demo"), "/nonexistent-dir/x.svg");
    }
}
