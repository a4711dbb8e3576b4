using System.CommandLine;
using Kfork.Profiles;
using Spectre.Console;

namespace Kfork.Cli.Commands;

/// <summary>`kfork profiles`: each profile's policies side by side.</summary>
internal static class ProfilesCommand
{
    public static Command Create()
    {
        var cmd = new Command("profiles", "Show every profile's policies side by side");
        cmd.SetAction(_ => { Terminal.Create().Write(Table()); return 0; });
        return cmd;
    }

    private static Table Table()
    {
        var t = new Table().AddColumn("policy");
        foreach (var p in Builtin.All) t.AddColumn(p.Name);
        foreach (var prop in typeof(Kfork.Profiles.Profile).GetProperties())
            t.AddRow([prop.Name, .. Builtin.All.Select(p => Markup.Escape(prop.GetValue(p)?.ToString() ?? ""))]);
        return t;
    }
}
