using Engine.Gan.Penalties;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Engine.Gan.Plots;
using Engine.Tensors;

namespace Engine.Gan.Figures;

/// <summary>
/// Figure 1b (right) of Gulrajani et al. 2017: histograms of the weights of deep WGAN critics on the Swiss roll (the
/// setting of <see cref="GradientNormsFigure"/>): weight clipping (c = 0.01) piles them at -c and +c, the gradient
/// penalty leaves them spread.
/// </summary>
public static class WeightsFigure
{
    /// <summary>The clip value of the clipped critic.</summary>
    public const double ClipValue = 0.01;

    /// <summary>Histogram bins per panel.</summary>
    public const int Bins = 81;

    /// <summary>The same deep networks as the gradient-norm figure.</summary>
    public static DeepWganConfig DefaultConfig => GradientNormsFigure.DefaultConfig;

    /// <summary>Trains a clipped and a penalised deep WGAN from the same initial critic and collects their critic weights.</summary>
    public static List<CriticWeights> Compute(DeepWganConfig config, IBackend backend, Action<FigureProgress>? progress = null)
        => DeepWgan.TrainEach(config, backend, [FigureMethod.Clip(ClipValue), FigureMethod.GradientPenalty(config.Lambda)],
            (method, wgan, seconds) => new CriticWeights(method, wgan.CriticWeights(), seconds), progress);

    /// <summary>
    /// Each method's histogram: clipped weights over [-1.25 c, 1.25 c]; others over +-1.1 times the 99.9th percentile of
    /// |w|, so a few large first-layer weights (fan-in 2) do not squeeze the bulk into a few bins; they count as outside.
    /// </summary>
    public static Histogram HistogramOf(CriticWeights w)
    {
        double half;
        if (w.Method.Penalty == Regularizers.Clip.Name)
            half = 1.25 * w.Method.Lambda;
        else
        {
            var magnitudes = w.Weights.Select(Math.Abs).Order().ToArray();
            half = 1.1 * Math.Max(magnitudes[(int)(0.999 * (magnitudes.Length - 1))], 1e-12);
        }
        return Histogram.Create(w.Weights, -half, half, Bins);
    }

    /// <summary>Writes figure_weights.png (one panel per method), .csv (the histogram bins) and .json (summary statistics).</summary>
    public static FigureOutput Write(IReadOnlyList<CriticWeights> weights, DeepWganConfig config, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var histograms = weights.Select(HistogramOf).ToList();
        var panels = weights.Select((w, i) => new HistogramPanel(PanelTitle(w, histograms[i]), histograms[i], i == 0 ? Rgb.Blue : Rgb.Red, "weight value", "% of weights")).ToList();
        var png = Path.Combine(outDir, "figure_weights.png");
        HistogramPlot.Save(png, panels, $"Critic weights, {config.Layers}-layer ReLU MLP, {config.Dataset}");

        var csv = new StringBuilder("method,penalty,lambda,bin_left,bin_right,count\n");
        for (var m = 0; m < weights.Count; m++)
            for (var b = 0; b < histograms[m].Counts.Length; b++)
                csv.AppendLine(Invariant($"{weights[m].Method.Label},{weights[m].Method.Penalty},{weights[m].Method.Lambda},{histograms[m].BinLeft(b):R},{histograms[m].BinLeft(b + 1):R},{histograms[m].Counts[b]}"));
        var csvPath = Path.Combine(outDir, "figure_weights.csv");
        FigureFiles.WriteText(csvPath, csv.ToString());

        var json = new JsonObject
        {
            ["figure"] = "weights",
            ["config"] = FigureFiles.Config(config),
            ["methods"] = new JsonArray([.. weights.Select(w => (JsonNode)new JsonObject
            {
                ["label"] = w.Method.Label, ["penalty"] = w.Method.Penalty, ["lambda"] = w.Method.Lambda, ["count"] = w.Weights.Length,
                ["share_at_clip_value"] = double.IsNaN(w.ShareAtClipValue) ? null : w.ShareAtClipValue,
                ["std"] = w.Std, ["max_abs"] = w.MaxAbs, ["seconds"] = w.Seconds,
            })]),
        };
        var jsonPath = Path.Combine(outDir, "figure_weights.json");
        FigureFiles.WriteJson(jsonPath, json);
        return new([png, csvPath, jsonPath], weights.Select(Describe).ToList());
    }

    private static string PanelTitle(CriticWeights w, Histogram h) => w.Method.Penalty == Regularizers.Clip.Name
        ? Invariant($"{w.Method.Label}: {w.ShareAtClipValue:P1} of weights at +-c")
        : Invariant($"{w.Method.Label} (lambda = {w.Method.Lambda}): std {w.Std:0.####}; {(double)h.Outside / w.Weights.Length:P2} beyond the range, up to {w.MaxAbs:0.##}");

    private static string Describe(CriticWeights w) => w.Method.Penalty == Regularizers.Clip.Name
        ? Invariant($"{w.Method.Label}: {w.ShareAtClipValue:P1} of {w.Weights.Length} weights at +-c, std {w.Std:0.#####}, trained in {w.Seconds:F0} s")
        : Invariant($"{w.Method.Label}: std {w.Std:0.#####}, max |w| {w.MaxAbs:0.####}, trained in {w.Seconds:F0} s");

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
