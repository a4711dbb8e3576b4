using Kfork.Cli.Commands;
using Spectre.Console;

namespace Kfork.Cli.Render;

/// <summary>
/// Long work shows a Spectre progress bar on a terminal; when piped it prints nothing, so the
/// output stays byte-identical.
/// </summary>
public static class Progress
{
    /// <summary>Run <paramref name="work"/> on each item in order, a progress bar advancing per item.</summary>
    public static List<TResult> ForEach<T, TResult>(IReadOnlyList<T> items, Func<T, string> describe, Func<T, TResult> work)
    {
        if (Terminal.Piped || items.Count <= 1) return items.Select(work).ToList();
        var results = new List<TResult>();
        Terminal.Create().Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask(describe(items[0]), maxValue: items.Count);
            foreach (var item in items)
            {
                task.Description = Markup.Escape(describe(item));
                results.Add(work(item));
                task.Increment(1);
            }
        });
        return results;
    }

    /// <summary>One long step whose length is unknown (a measurement): an indeterminate bar while it runs.</summary>
    public static T While<T>(string description, Func<T> work)
    {
        if (Terminal.Piped) return work();
        T result = default!;
        Terminal.Create().Progress().AutoClear(true)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description)).IsIndeterminate();
                result = work();
                task.StopTask();
            });
        return result;
    }
}
