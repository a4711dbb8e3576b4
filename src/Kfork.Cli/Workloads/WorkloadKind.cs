using System.CommandLine;
using Kfork.Profiles;

namespace Kfork.Cli.Workloads;

/// <summary>
/// One kind of workload a tool can look at (`demo`, `run PATH ARGS`). Each tool gets the
/// kind as a subcommand of its own, so the kind creates fresh option objects for every tool
/// (<see cref="Bind"/>): System.CommandLine symbols belong to one command.
/// </summary>
public abstract class WorkloadKind
{
    public abstract string Name { get; }
    public abstract string Description { get; }

    /// <summary>The options and arguments of this kind, new for one tool's subcommand.</summary>
    public abstract WorkloadBinding Bind();
}

/// <summary>A kind's option objects for one tool, and how to build the workload from a parse.</summary>
public abstract class WorkloadBinding
{
    public abstract IEnumerable<Symbol> Symbols { get; }

    /// <summary>Put this binding's options and arguments on <paramref name="cmd"/>.</summary>
    public void AddSymbolsTo(Command cmd)
    {
        foreach (var s in Symbols)
        {
            if (s is Option o) cmd.Options.Add(o);
            else if (s is Argument a) cmd.Arguments.Add(a);
        }
    }

    /// <summary>The profile the user chose (`-p`), which <see cref="Create"/> uses unless overridden.</summary>
    public abstract Profile Profile(ParseResult r);

    /// <summary>A new workload, with the user's choices unless <paramref name="settings"/> overrides them.</summary>
    public abstract IWorkload Create(ParseResult r, WorkloadSettings? settings = null);

    /// <summary>A short description for headers, e.g. "demo seed 1".</summary>
    public abstract string Describe(ParseResult r);
}

/// <summary>What a tool's action receives: the parse and a way to make (as many as it needs) workloads.</summary>
public sealed class WorkloadRequest(WorkloadKind kind, WorkloadBinding binding, ParseResult parse)
{
    public ParseResult Parse => parse;
    public string KindName => kind.Name;
    public Profile Profile => binding.Profile(parse);
    public string Description => binding.Describe(parse);
    public IWorkload Create(Profile? profile = null, bool programReadsStdin = true) =>
        binding.Create(parse, new WorkloadSettings { Profile = profile, ProgramReadsStdin = programReadsStdin });
}

/// <summary>What a tool may override in a workload.</summary>
public sealed record WorkloadSettings
{
    /// <summary>Another profile than the user's `-p` (`kfork diff` runs each).</summary>
    public Profile? Profile { get; init; }

    /// <summary>False when the tool reads stdin itself (ddb's prompt): a guest program then reads end of file.</summary>
    public bool ProgramReadsStdin { get; init; } = true;
}
