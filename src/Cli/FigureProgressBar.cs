using System.Diagnostics;
using Engine.Gan.Figures;

namespace Engine.Cli;

/// <summary>
/// Shows a figure's training progress: a Spectre.Console bar with the stage being trained and the ETA on a terminal;
/// a plain line every tenth of the work otherwise (CI logs, redirected output, tests).
/// </summary>
internal static class FigureProgressBar
{
    public static FigureOutput Run(TextWriter output, Func<Action<FigureProgress>, FigureOutput> work)
    {
        if (ConsoleProgress.Interactive(output) is not { } console) return RunPlain(output, work);
        return ConsoleProgress.WithBar(console, 24, update => work(p => update(p.Done, p.Total, p.Stage)));
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
