using System.CommandLine;
using Kfork.Cli.Inspect;
using Kfork.Cli.Render;
using Kfork.Cli.Workloads;
using Kfork.Kern;

namespace Kfork.Cli.Commands;

/// <summary>
/// `kfork sysctl (-a | NAME...) [-d] [--stop-at P] [--json] WORKLOAD`: the kernel's OIDs as
/// sysctl(8) prints them (`name: value`); a NAME that is a prefix lists its subtree.
/// </summary>
internal static class SysctlCommand
{
    public static Command Create()
    {
        var all = CommonOptions.ForTool(new Option<bool>("-a") { Description = "Every OID" });
        var describe = CommonOptions.ForTool(new Option<bool>("-d") { Description = "Print descriptions instead of values" });
        var names = new Argument<string[]>("name") { Description = "OIDs or subtrees, e.g. kern.maxproc vm.stats.vm", Arity = ArgumentArity.ZeroOrMore };
        var stopAt = CommonOptions.StopAt();
        var json = CommonOptions.ToolJson();
        var cmd = new Command("sysctl", "Read the kernel's sysctl OIDs") { all, describe, stopAt, json };
        cmd.Arguments.Add(names);
        WorkloadCatalog.AddTo(cmd, req =>
        {
            var r = req.Parse;
            var wanted = r.GetValue(names) ?? [];
            if (!r.GetValue(all) && wanted.Length == 0) throw new UsageException("sysctl needs -a or a NAME (kfork sysctl kern.maxproc demo)");
            return Listing.Show(req, r.GetValue(stopAt), (k, at) =>
            {
                var oids = r.GetValue(all) ? k.Sysctls.ToList() : wanted.SelectMany(n => Select(k, n)).ToList();
                if (r.GetValue(json))
                {
                    JsonOut.Write(new
                    {
                        profile = k.Profile.Name,
                        stopped_at = Listing.StoppedAtJson(at),
                        sysctls = oids.ToDictionary(o => o.Name, o => r.GetValue(describe) ? o.Description : Value(o)),
                    });
                    return 0;
                }
                if (at is { } a) Console.Out.WriteLine(Listing.StoppedAt(a));
                foreach (var o in oids) Console.Out.WriteLine($"{o.Name}: {(r.GetValue(describe) ? o.Description : o.Read())}");
                return 0;
            });
        });
        return cmd;
    }

    /// <summary>An exact OID, or every OID under a prefix; neither is sysctl(8)'s "unknown oid".</summary>
    private static IEnumerable<SysctlOid> Select(Kernel k, string name)
    {
        var found = k.Sysctls.Where(o => o.Name == name || o.Name.StartsWith(name + ".", StringComparison.Ordinal)).ToList();
        if (found.Count == 0) throw new UsageException($"sysctl: unknown oid '{name}'");
        return found;
    }

    /// <summary>Integers as JSON numbers, strings as strings.</summary>
    public static object Value(SysctlOid o) =>
        o.ReadInt is { } readInt ? readInt() : o.Read();
}
