using Spectre.Console;

namespace Kfork.Cli.Commands;

/// <summary>
/// The console every command writes to: colours and live widgets on a terminal, plain text of a
/// fixed width when piped, so that output is byte-identical from run to run.
/// </summary>
internal static class Terminal
{
    public static bool Piped => Console.IsOutputRedirected;

    public static IAnsiConsole Create()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = Piped ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = Piped ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = Piped ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (Piped) console.Profile.Width = 120;
        return console;
    }
}
