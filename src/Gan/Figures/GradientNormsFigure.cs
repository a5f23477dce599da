using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Engine.Plots;
using Engine.Tensors;

namespace Engine.Gan.Figures;

/// <summary>
/// Figure 1b (left) of Gulrajani et al. 2017: WGAN on the Swiss roll with 12-layer ReLU MLPs without normalisation,
/// critics kept Lipschitz by weight clipping (c = 0.1, 0.01, 0.001) or by the gradient penalty; after training, the norm
/// of the gradient of the critic loss with respect to each layer's input activations, on a log scale. Under clipping
/// the norms grow or decay exponentially going back through the layers; under the penalty they stay level.
/// </summary>
public static class GradientNormsFigure
{
    /// <summary>The defaults: 12 layers of width 512, batch 64, 200 generator iterations, lambda 10.</summary>
    public static DeepWganConfig DefaultConfig => new() { Dataset = "swissroll", Layers = 12, Width = 512, Batch = 64, Iters = 200, Lambda = 10 };

    /// <summary>Samples of each kind the gradient norms are measured on.</summary>
    public const int MeasureSamples = 256;

    /// <summary>The methods compared, in legend order.</summary>
    public static FigureMethod[] Methods(double lambda) =>
        [FigureMethod.Clip(0.001), FigureMethod.Clip(0.01), FigureMethod.Clip(0.1), FigureMethod.GradientPenalty(lambda)];

    /// <summary>Trains one deep WGAN per method (same seed, so the same initial critic) and measures its layer gradient norms.</summary>
    public static List<LayerGradientNorms> Compute(DeepWganConfig config, IBackend backend, Action<FigureProgress>? progress = null)
        => DeepWgan.TrainEach(config, backend, Methods(config.Lambda),
            (method, wgan, seconds) => new LayerGradientNorms(method, wgan.ActivationGradientNorms(MeasureSamples, config.Seed ^ 0x5EED), seconds), progress);

    /// <summary>Writes figure_gradnorms.png, .csv (one row per method and layer) and .json into <paramref name="outDir"/>.</summary>
    public static FigureOutput Write(IReadOnlyList<LayerGradientNorms> norms, DeepWganConfig config, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var png = Path.Combine(outDir, "figure_gradnorms.png");
        var series = norms.Select((n, i) => new PlotSeries(n.Method.Label,
            Enumerable.Range(1, n.Norms.Length).Select(k => (double)k).ToArray(), n.Norms, Colors[i % Colors.Length])).ToList();
        LinePlot.Save(png, series, $"Critic gradient norms, {config.Layers}-layer ReLU MLP, {config.Dataset}",
            "critic layer (1 = input side)", "gradient norm (log scale)", logY: true);

        var csv = new StringBuilder("method,penalty,lambda,layer,grad_norm,log10_grad_norm\n");
        foreach (var n in norms)
            for (var k = 0; k < n.Norms.Length; k++)
                csv.AppendLine(Invariant($"{n.Method.Label},{n.Method.Penalty},{n.Method.Lambda},{k + 1},{n.Norms[k]:R},{Math.Log10(n.Norms[k]):F4}"));
        var csvPath = Path.Combine(outDir, "figure_gradnorms.csv");
        FigureFiles.WriteText(csvPath, csv.ToString());

        var json = new JsonObject
        {
            ["figure"] = "gradnorms",
            ["config"] = FigureFiles.Config(config),
            ["measured_on"] = $"{MeasureSamples} real + {MeasureSamples} generated samples; L = E[D(fake)] - E[D(real)]; layer k = input of the k-th Linear layer",
            ["methods"] = new JsonArray([.. norms.Select(n => (JsonNode)new JsonObject
            {
                ["label"] = n.Method.Label, ["penalty"] = n.Method.Penalty, ["lambda"] = n.Method.Lambda,
                ["grad_norms"] = new JsonArray([.. n.Norms.Select(v => (JsonNode)v)]),
                ["decades_spanned"] = n.DecadesSpanned, ["decades_first_over_last"] = n.DecadesFirstOverLast, ["seconds"] = n.Seconds,
            })]),
        };
        var jsonPath = Path.Combine(outDir, "figure_gradnorms.json");
        FigureFiles.WriteJson(jsonPath, json);
        var summary = norms.Select(n => Invariant(
            $"{n.Method.Label}: |grad| from {n.Norms.Min():0.##e+00} to {n.Norms.Max():0.##e+00} ({n.DecadesSpanned:F1} decades; first/last layer 10^{n.DecadesFirstOverLast:F1}), trained in {n.Seconds:F0} s")).ToList();
        return new([png, csvPath, jsonPath], summary);
    }

    /// <summary>Blue, orange, green for the three clip values, red for the penalty.</summary>
    private static readonly string[] Colors = [Palette.Blue, Palette.Orange, Palette.Green, Palette.Red];

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
