using Kfork.Kern;
using Kfork.Profiles;
using Kfork.Workloads;

namespace Kfork.Cli.Workloads;

/// <summary>The kernel library's built-in <see cref="DemoWorkload"/> as an <see cref="IWorkload"/>.</summary>
public sealed class DemoWorkloadAdapter(Profile profile, ulong seed = 1) : IWorkload
{
    private readonly DemoWorkload demo = new(profile, seed);

    public Kernel Kernel => demo.Kernel;

    /// <summary>The demo's narration, one line per step, once <see cref="Run"/> has returned.</summary>
    public IReadOnlyList<string> Narration { get; private set; } = [];

    public int Run()
    {
        Narration = demo.Run();
        return 0;
    }
}
