using Kfork.Cli.Commands;

namespace Kfork.Cli.Render;

/// <summary>Files the tools write (SVG, ktrace, traces): a bad path is a usage error, not a stack trace.</summary>
public static class OutputFile
{
    public static void Write(string path, string text) => Guard(path, () => File.WriteAllText(path, text));

    public static StreamWriter Create(string path)
    {
        StreamWriter? w = null;
        Guard(path, () => w = new StreamWriter(path) { NewLine = "\n" });
        return w!;
    }

    public static string[] ReadLines(string path)
    {
        string[] lines = [];
        Guard(path, () => lines = File.ReadAllLines(path));
        return lines;
    }

    private static void Guard(string path, Action io)
    {
        try
        {
            io();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file or directory" : e.Message;
            throw new UsageException($"{path}: {reason}");
        }
    }
}
