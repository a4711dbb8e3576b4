using System.Globalization;
using System.Text;

namespace Kfork.Cli.Render;

/// <summary>
/// A plain BSD-style listing (ps, procstat, vmstat): a header row and columns padded to their
/// widest cell, numbers right-aligned. Plain text on purpose: identical on a terminal and a pipe.
/// </summary>
public sealed class TextTable
{
    private readonly string[] headers;
    private readonly bool[] right;
    private readonly List<string[]> rows = [];

    public TextTable(params (string Header, bool Right)[] columns)
    {
        headers = columns.Select(c => c.Header).ToArray();
        right = columns.Select(c => c.Right).ToArray();
    }

    public TextTable Add(params object?[] cells)
    {
        rows.Add(cells.Select(Cell).ToArray());
        return this;
    }

    public static string Cell(object? v) => v switch
    {
        null => "-",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    public IEnumerable<string> Lines()
    {
        var widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        yield return Format(headers, widths);
        foreach (var r in rows) yield return Format(r, widths);
    }

    private string Format(string[] cells, int[] widths)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0) sb.Append(' ');
            // The last left-aligned column is not padded: no trailing blanks.
            if (right[i]) sb.Append(cells[i].PadLeft(widths[i]));
            else sb.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i]));
        }
        return sb.ToString();
    }

    public void WriteTo(TextWriter w)
    {
        foreach (var line in Lines()) w.WriteLine(line);
    }
}
