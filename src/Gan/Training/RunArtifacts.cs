using Engine.Gan.Plots;
using Engine.Tensors;

namespace Engine.Gan.Training;

/// <summary>The pictures of a run: samples.png (as in the official toy script) and curves.png.</summary>
public static class RunArtifacts
{
    /// <summary>Grid resolution and extent of the critic surface (the official plot: 128 x 128 on [-3, 3]^2).</summary>
    public const int GridSize = 128;

    /// <summary>Half-width of the plotted square.</summary>
    public const double Extent = 3.0;

    /// <summary>Writes both plots.</summary>
    public static void WritePlots(WganTrainer trainer, IReadOnlyList<IterationStats> history, RunOutputs outputs)
    {
        using var scope = Engine.Tensors.BufferScope.Begin();
        // Short titles: the plot is 640 px wide and its font 16 px per character.
        var title = $"{trainer.Config.Dataset}, {trainer.Regularizer.Name} {trainer.Regularizer.Lambda:G3}, iteration {trainer.Iteration}";
        WriteSamples(trainer, outputs.Samples, title);
        if (trainer.GeneratorEma is not null) WriteSamples(trainer, outputs.SamplesEma, title + ", EMA", ema: true);
        WriteCurves(history, outputs.Curves, $"{trainer.Config.Dataset} / {trainer.Config.Model} / {trainer.Regularizer}");
    }

    /// <summary>
    /// Toy data: the critic's value over the grid with a batch of real and 256 generated samples on
    /// top (the official plot). Images: an 8 x 8 grid of generated samples.
    /// </summary>
    public static void WriteSamples(WganTrainer trainer, string path, string title, bool ema = false)
    {
        if (trainer.Data.SampleShape.Length != 1)
        {
            var images = trainer.Sample(64, WganTrainer.Stream(trainer.Config.Seed, 8), ema);
            var shape = trainer.Data.SampleShape;
            ImageGrid.Save(path, images.ToDoubleArray().Select(v => (float)v).ToArray(), 64, shape[^2], shape[^1], columns: 8, scale: 2);
            return;
        }
        var grid = trainer.CriticGrid(GridSize, Extent);
        var probe = trainer.Data.WithSeed(WganTrainer.Stream(trainer.Config.Seed, 7));
        var real = probe.NextBatch(trainer.Config.EffectiveBatch, DType.Float64, trainer.Backend).ToDoubleArray();
        var fake = trainer.Sample(256, WganTrainer.Stream(trainer.Config.Seed, 8), ema).ToDoubleArray();
        SamplesPlot.Save(path, grid, Extent, real, fake, title);
    }

    /// <summary>
    /// Critic loss, generator loss, Wasserstein estimate and penalty against the iteration; with
    /// periodic evaluations (<c>--eval-every</c>) also the high-quality share and MMD^2 of the
    /// generator and of its weight average, and on MNIST the Frechet distance and classes covered.
    /// </summary>
    public static void WriteCurves(IReadOnlyList<IterationStats> history, string path, string title)
    {
        var x = history.Select(h => (double)h.Iteration).ToArray();
        PlotPanel Panel(string name, Func<IterationStats, double> f, Rgb color) =>
            new(name, [new PlotSeries(name, x, history.Select(f).ToArray(), color)]);
        var panels = new List<PlotPanel>
        {
            Panel("critic loss", h => h.CriticLoss, Rgb.Blue),
            Panel("generator loss", h => h.GenLoss, Rgb.Orange),
            Panel("Wasserstein estimate", h => h.Wasserstein, Rgb.Green),
            Panel("penalty", h => h.Penalty, Rgb.Red),
        };
        var evaluated = history.Where(h => h.Eval is not null).ToList();
        if (evaluated.Count > 0)
        {
            var ex = evaluated.Select(h => (double)h.Iteration + 1).ToArray();
            PlotPanel EvalPanel(string name, Func<Evaluation, double?> f)
            {
                var series = new List<PlotSeries> { new("generator", ex, evaluated.Select(h => f(h.Eval!) ?? double.NaN).ToArray(), Rgb.Green) };
                if (evaluated.Any(h => h.EvalEma is not null))
                    series.Add(new("weight average (EMA)", ex, evaluated.Select(h => h.EvalEma is null ? double.NaN : f(h.EvalEma) ?? double.NaN).ToArray(), Rgb.Purple));
                return new PlotPanel(name, series);
            }
            if (evaluated[0].Eval!.HighQualityFraction is not null) panels.Add(EvalPanel("high-quality share (3-sigma)", e => e.HighQualityFraction));
            panels.Add(EvalPanel("MMD^2 to fresh real samples", e => e.Mmd2));
            if (evaluated[0].Eval!.Digits is not null)
            {
                panels.Add(EvalPanel("Frechet distance (classifier features)", e => e.Digits?.FrechetDistance));
                panels.Add(EvalPanel("digit classes covered", e => e.Digits?.ClassesCovered));
            }
        }
        CurvesPlot.Save(path, panels, title);
    }
}
