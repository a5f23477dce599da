using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Engine.Autodiff;
using Engine.Gan.Data;
using Engine.Gan.Models;
using Engine.Optim;
using Engine.Gan.Penalties;
using Engine.Plots;
using Engine.Gan.Training;
using Engine.Tensors;

namespace Engine.Gan.Figures;

/// <summary>
/// Figure 1a of Gulrajani et al. 2017: value surfaces of WGAN critics trained to optimality against a fixed "generator"
/// that outputs real samples plus unit Gaussian noise, on 8gaussians, 25gaussians and the Swiss roll, with weight
/// clipping (c = 0.01, top row) and with the gradient penalty (bottom row, lambda 10). The critic is the official toy
/// one (Linear(2 -> W)-ReLU x3 -> Linear(W -> 1)) at width 256 by default (half the official width, for time), trained
/// with Adam (lr 1e-3, betas 0.5, 0.9) in both rows, so only the constraint differs; the larger learning rate reaches
/// in 2,000 steps what lr 1e-4 does not in 3,000. Clipped critics stay close to simple functions; penalised ones follow
/// the data.
/// </summary>
public static class CriticSurfaceFigure
{
    /// <summary>Grid resolution of each surface.</summary>
    public const int GridSize = 96;

    /// <summary>Half-width of the square shown (the toy data lie within about +-1.9).</summary>
    public const double Extent = 2.0;

    /// <summary>Real samples drawn over each panel.</summary>
    public const int ShownSamples = 384;

    /// <summary>The clip value of the top row.</summary>
    public const double ClipValue = 0.01;

    /// <summary>Trains the six critics (three data sets, two constraints) and evaluates their surfaces.</summary>
    public static List<CriticSurface> Compute(CriticSurfaceConfig config, IBackend backend, Action<FigureProgress>? progress = null)
    {
        config.Validate();
        FigureMethod[] methods = [FigureMethod.Clip(ClipValue), FigureMethod.GradientPenalty(config.Lambda)];
        var panels = new List<CriticSurface>();
        var total = methods.Length * DataSources.ToyNames.Length * config.Steps;
        foreach (var method in methods)
            foreach (var dataset in DataSources.ToyNames)
            {
                var stage = $"{dataset}, {method.Penalty}";
                var done = panels.Count * config.Steps;
                panels.Add(Train(dataset, method, config, backend, i => progress?.Invoke(new(stage, done + i, total))));
            }
        progress?.Invoke(new("done", total, total));
        return panels;
    }

    /// <summary>Trains one critic against real + N(0, 1) noise and evaluates it.</summary>
    public static CriticSurface Train(string dataset, FigureMethod method, CriticSurfaceConfig config, IBackend backend, Action<int>? onStep = null)
    {
        var clock = Stopwatch.StartNew();
        var data = DataSources.Create(dataset, WganTrainer.Stream(config.Seed, 1));
        var noiseRng = new RandomStream(WganTrainer.Stream(config.Seed, 3));
        var penaltyRng = new RandomStream(WganTrainer.Stream(config.Seed, 4));
        var critic = ToyMlp.Critic(new ModelOptions(config.Width, new RandomStream(WganTrainer.Stream(config.Seed, 2)), DType.Float32, backend, false));
        var regularizer = Regularizers.Create(method.Penalty, method.Lambda);
        var parameters = critic.Parameters();
        var optimizer = new Adam(critic.NamedParameters(), config.LearningRate, 0.5, 0.9);
        regularizer.AfterCriticStep(critic);
        for (var step = 0; step < config.Steps; step++)
        {
            using var scope = BufferScope.Begin();
            onStep?.Invoke(step);
            var (real, fake) = Batches(data, noiseRng, config.Batch, backend);
            var loss = critic.Forward(fake).Mean() - critic.Forward(real).Mean();
            if (regularizer.Compute(critic, real, fake, penaltyRng) is { } term) loss += term.Value;
            var grads = Autograd.Grad([loss], parameters, allowUnused: true);
            for (var i = 0; i < parameters.Length; i++) parameters[i].Grad = grads[i];
            optimizer.Step();
            optimizer.ZeroGrad();
            regularizer.AfterCriticStep(critic);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        using var evaluation = BufferScope.Begin();
        var probe = data.WithSeed(WganTrainer.Stream(config.Seed, 7));
        var (evalReal, evalFake) = Batches(probe, new RandomStream(WganTrainer.Stream(config.Seed, 8)), 4096, backend);
        double wasserstein;
        using (GradMode.NoGrad()) wasserstein = (critic.Forward(evalReal).Mean() - critic.Forward(evalFake).Mean()).Item();
        var shown = probe.NextBatch(ShownSamples, DType.Float64, backend).ToDoubleArray();
        return new(dataset, method, CriticGrid.Evaluate(critic, GridSize, Extent, DType.Float32, backend), shown, wasserstein, seconds);
    }

    /// <summary>A real batch and a "generated" one: an independent real batch plus N(0, 1) noise.</summary>
    private static (Tensor Real, Tensor Fake) Batches(IDataSource data, RandomStream noiseRng, int n, IBackend backend)
    {
        var real = data.NextBatch(n, DType.Float32, backend);
        var fake = data.NextBatch(n, DType.Float32, backend) + Tensor.Normal(noiseRng, [n, 2], backend: backend);
        return (real, fake.Detach());
    }

    /// <summary>Writes figure_critic_surface.png (2 x 3 panels) and .json (per panel: value range and Wasserstein estimate).</summary>
    public static FigureOutput Write(IReadOnlyList<CriticSurface> panels, CriticSurfaceConfig config, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var png = Path.Combine(outDir, "figure_critic_surface.png");
        FigureFiles.WriteBytes(png, Render(panels, "Critics trained against real + N(0, 1): weight clipping (top), gradient penalty (bottom)"));
        var json = new JsonObject
        {
            ["figure"] = "critic-surface",
            ["config"] = new JsonObject
            {
                ["model"] = "toy-mlp critic", ["width"] = config.Width, ["batch"] = config.Batch, ["steps"] = config.Steps, ["seed"] = config.Seed,
                ["optimizer"] = $"adam lr {config.LearningRate.ToString(CultureInfo.InvariantCulture)} betas (0.5, 0.9)", ["generator"] = "real + N(0, 1)", ["grid"] = GridSize, ["extent"] = Extent,
            },
            ["panels"] = new JsonArray([.. panels.Select(p =>
            {
                var finite = p.Values.Cast<double>().Where(double.IsFinite).DefaultIfEmpty(double.NaN).ToArray();
                var (min, max) = (finite.Min(), finite.Max());
                return (JsonNode)new JsonObject
                {
                    ["dataset"] = p.Dataset, ["penalty"] = p.Method.Penalty, ["lambda"] = p.Method.Lambda,
                    ["value_min"] = min, ["value_max"] = max, ["wasserstein_estimate"] = p.Wasserstein, ["seconds"] = p.Seconds,
                };
            })]),
        };
        var jsonPath = Path.Combine(outDir, "figure_critic_surface.json");
        FigureFiles.WriteJson(jsonPath, json);
        var summary = panels.Select(p => string.Create(CultureInfo.InvariantCulture,
            $"{p.Dataset}, {p.Method.Label}: Wasserstein estimate {p.Wasserstein:0.####}, trained in {p.Seconds:F0} s")).ToList();
        return new([png, jsonPath], summary);
    }

    /// <summary>The 2 x 3 figure as a PNG: a row per method (in the order first seen), a column per data set.</summary>
    /// <exception cref="ArgumentException">There are no panels, or some (method, data set) cell has no panel or two.</exception>
    public static byte[] Render(IReadOnlyList<CriticSurface> panels, string title)
    {
        ArgumentNullException.ThrowIfNull(panels);
        var datasets = panels.Select(p => p.Dataset).Distinct().ToList();
        var methods = panels.Select(p => p.Method).Distinct().ToList();
        if (datasets.Count == 0) throw new ArgumentException("critic-surface: no panels to draw", nameof(panels));
        if (panels.Count != datasets.Count * methods.Count || panels.DistinctBy(p => (p.Method, p.Dataset)).Count() != panels.Count)
            throw new ArgumentException($"critic-surface: {panels.Count} panels do not fill a {methods.Count} x {datasets.Count} grid of methods by data sets, one each", nameof(panels));
        var cells = panels.OrderBy(p => methods.IndexOf(p.Method)).ThenBy(p => datasets.IndexOf(p.Dataset)).Select(p =>
        {
            var name = p.Method.Penalty == Regularizers.Clip.Name ? string.Create(CultureInfo.InvariantCulture, $"clip c = {p.Method.Lambda}") : "gradient penalty";
            return new SurfacePanel($"{p.Dataset}, {name}", p.Values, Extent, p.RealXY);
        }).ToList();
        return SurfaceGridPlot.Render(cells, datasets.Count, title);
    }
}
