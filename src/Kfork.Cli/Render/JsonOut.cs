using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kfork.Cli.Render;

/// <summary>Every `--json` output: indented, snake_case keys, in the order the code builds them.</summary>
public static class JsonOut
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>One line of JSON (ktrace records, trace files).</summary>
    public static readonly JsonSerializerOptions Compact = new(Options) { WriteIndented = false };

    public static string Serialize(object? value) => JsonSerializer.Serialize(value, Options);

    public static void Write(object? value) => Console.Out.WriteLine(Serialize(value));
}
