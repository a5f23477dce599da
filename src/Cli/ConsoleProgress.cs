using Spectre.Console;

namespace Engine.Cli;

/// <summary>
/// What the long-running commands share: a Spectre.Console progress bar when the output is this
/// process's interactive terminal, and plain lines otherwise (CI logs, redirected output, tests).
/// </summary>
internal static class ConsoleProgress
{
    /// <summary>The console over <paramref name="output"/> when it is an interactive terminal; null when plain lines are wanted.</summary>
    public static IAnsiConsole? Interactive(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        return console.Profile.Capabilities.Interactive && output == Console.Out ? console : null;
    }

    /// <summary>Runs <paramref name="work"/> under a one-task bar; it reports (value, maximum, description) through the action it is given.</summary>
    public static T WithBar<T>(IAnsiConsole console, int barWidth, Func<Action<double, double, string>, T> work)
    {
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = barWidth }, new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("starting", maxValue: 1);
                result = work((value, maximum, description) =>
                {
                    task.MaxValue = Math.Max(1, maximum);
                    task.Value = value;
                    task.Description = Markup.Escape(description);
                });
            });
        return result;
    }
}
