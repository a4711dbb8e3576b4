using System.Text.Json;
using Kfork.Cli.Commands;
using Kfork.Cli.Render;

namespace Kfork.Cli.Ktrace;

/// <summary>
/// The ktrace file: JSON lines. Line 1 is a <see cref="KtraceHeader"/>
/// (`{"format":"kfork-ktrace","version":1,"profile":...,"workload":...}`); every other line is a
/// <see cref="KtraceRecord"/> (`{"seq":1,"tick":0,"pid":2,"tid":0,"comm":"sh","type":"CALL","name":"fork","args":[]}`),
/// keys in snake_case, absent values left out. Text, so a trace can be read and diffed by hand.
/// </summary>
public static class KtraceFile
{
    public const string FormatName = "kfork-ktrace";
    public const int Version = 1;

    private static readonly JsonSerializerOptions Json = new(JsonOut.Compact)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Write(TextWriter w, KtraceHeader header, IEnumerable<KtraceRecord> records)
    {
        w.Write(JsonSerializer.Serialize(header, Json));
        w.Write('\n');
        foreach (var r in records)
        {
            w.Write(JsonSerializer.Serialize(r, Json));
            w.Write('\n');
        }
    }

    public static string ToText(KtraceHeader header, IEnumerable<KtraceRecord> records)
    {
        var sw = new StringWriter();
        Write(sw, header, records);
        return sw.ToString();
    }

    /// <summary>Read a trace file; anything that is not one is a usage error naming the file and line.</summary>
    public static (KtraceHeader Header, List<KtraceRecord> Records) Read(string path)
    {
        var lines = OutputFile.ReadLines(path);
        if (lines.Length == 0) throw new UsageException($"{path}: empty file, not a ktrace file");
        var header = Parse<KtraceHeader>(path, 1, lines[0]);
        if (header.Format != FormatName)
            throw new UsageException($"{path}: not a ktrace file (format '{header.Format}', expected '{FormatName}')");
        if (header.Version != Version)
            throw new UsageException($"{path}: ktrace file version {header.Version} is not supported (expected {Version})");
        var records = new List<KtraceRecord>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var r = Parse<KtraceRecord>(path, i + 1, lines[i]);
            if (r.Type is not (KtraceRecord.Call or KtraceRecord.Ret or KtraceRecord.Psig))
                throw new UsageException($"{path}:{i + 1}: unknown record type '{r.Type}'");
            records.Add(r);
        }
        return (header, records);
    }

    private static T Parse<T>(string path, int line, string text)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            // The serializer's message names the missing or bad property; keep it to one line.
            var why = e.Message.Split('\n')[0].Trim();
            throw new UsageException($"{path}:{line}: malformed ktrace {(line == 1 ? "header" : "record")} ({why})");
        }
    }
}
