using System.Diagnostics;
using System.Globalization;
using Engine.Gan.Training;
using Spectre.Console;

namespace Engine.Cli;

/// <summary>
/// Shows a training run's progress: a Spectre.Console bar with iteration, critic loss, Wasserstein
/// estimate, penalty, iterations/s and ETA on a terminal; plain lines every few percent otherwise
/// (CI logs, redirected output).
/// </summary>
internal static class TrainProgress
{
    public static RunSummary Run(TrainingRun run, TextWriter output, CancellationToken cancel)
    {
        var config = run.Trainer.Config;
        if (ConsoleProgress.Interactive(output) is not { } console) return RunPlain(run, output, cancel);

        RunSummary? summary = null;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 12 }, new PercentageColumn(),
                new StatsColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"iter {run.StartIteration}/{config.Iters}", maxValue: config.Iters);
                task.Value = run.StartIteration;
                var rate = new RateMeter();
                run.OnIteration = s =>
                {
                    task.Value = s.Iteration + 1;
                    task.Description = $"iter {s.Iteration + 1}/{config.Iters}";
                    task.State.Update<double>("critic", _ => s.CriticLoss);
                    task.State.Update<double>("w", _ => s.Wasserstein);
                    task.State.Update<double>("pen", _ => s.Penalty);
                    task.State.Update<double>("rate", _ => rate.Tick());
                };
                run.OnEvaluating = () => task.Description = "evaluating";
                summary = run.Run(cancel);
            });
        return summary!;
    }

    private static RunSummary RunPlain(TrainingRun run, TextWriter output, CancellationToken cancel)
    {
        var iters = run.Trainer.Config.Iters;
        var every = Math.Max(1, iters / 20);
        var rate = new RateMeter();
        var clock = Stopwatch.StartNew();
        run.OnIteration = s =>
        {
            var itPerSec = rate.Tick();
            if ((s.Iteration + 1) % every != 0 && s.Iteration + 1 != iters) return;
            var left = itPerSec > 0 ? TimeSpan.FromSeconds((iters - s.Iteration - 1) / itPerSec) : TimeSpan.Zero;
            output.WriteLine($"{Describe(s, iters, itPerSec)} | ETA {left:hh\\:mm\\:ss}");
        };
        run.OnEvaluating = () => output.WriteLine($"evaluating after {clock.Elapsed.TotalSeconds:F1} s ...");
        return run.Run(cancel);
    }

    private static string Describe(IterationStats s, int iters, double itPerSec) => string.Create(CultureInfo.InvariantCulture,
        $"iter {s.Iteration + 1}/{iters} | critic {s.CriticLoss:F4} | W {s.Wasserstein:F4} | pen {s.Penalty:F4} | {itPerSec:F1} it/s");

    /// <summary>Critic loss, Wasserstein estimate, penalty and iterations/s of the latest iteration, compactly.</summary>
    private sealed class StatsColumn : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            var st = task.State;
            if (st.Get<double>("rate") == 0) return new Text("");
            return new Markup(string.Create(CultureInfo.InvariantCulture,
                $"[grey]critic[/] {st.Get<double>("critic"),7:F3} [grey]W[/] {st.Get<double>("w"),6:F3} [grey]pen[/] {st.Get<double>("pen"),6:F3} [grey]{st.Get<double>("rate"),5:F1} it/s[/]"));
        }
    }

    /// <summary>Iterations per second over a sliding window of recent iterations.</summary>
    private sealed class RateMeter
    {
        private readonly Queue<long> _ticks = new();

        public double Tick()
        {
            var now = Stopwatch.GetTimestamp();
            _ticks.Enqueue(now);
            if (_ticks.Count > 50) _ticks.Dequeue();
            if (_ticks.Count < 2) return 0;
            return (_ticks.Count - 1) / Stopwatch.GetElapsedTime(_ticks.Peek(), now).TotalSeconds;
        }
    }
}
