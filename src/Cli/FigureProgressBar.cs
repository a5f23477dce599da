using System.Diagnostics;
using Engine.Gan.Figures;
using Spectre.Console;

namespace Engine.Cli;

/// <summary>
/// Shows a figure's training progress: a Spectre.Console bar with the stage being trained and the ETA on a terminal;
/// a plain line every tenth of the work otherwise (CI logs, redirected output, tests).
/// </summary>
internal static class FigureProgressBar
{
    public static FigureOutput Run(TextWriter output, Func<Action<FigureProgress>, FigureOutput> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (!console.Profile.Capabilities.Interactive || output != Console.Out) return RunPlain(output, work);

        FigureOutput? result = null;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 24 }, new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("starting", maxValue: 1);
                result = work(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    task.Description = Markup.Escape(p.Stage);
                });
            });
        return result!;
    }

    private static FigureOutput RunPlain(TextWriter output, Func<Action<FigureProgress>, FigureOutput> work)
    {
        var clock = Stopwatch.StartNew();
        var lastTenth = -1;
        return work(p =>
        {
            var tenth = p.Total > 0 ? 10 * p.Done / p.Total : 10;
            if (tenth == lastTenth) return;
            lastTenth = tenth;
            output.WriteLine($"{10 * tenth,3}% | {p.Stage} | {clock.Elapsed.TotalSeconds:F0} s");
        });
    }
}
