using Engine.Tensors;

namespace Engine.Gan.Figures;

/// <summary>The figures of Gulrajani et al. 2017 that <c>engine figure NAME</c> reproduces, by name.</summary>
public static class PaperFigures
{
    /// <summary>The accepted names.</summary>
    public static readonly string[] Names = ["gradnorms", "weights", "critic-surface"];

    /// <summary>One line per figure saying what it shows, for help texts.</summary>
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        ["gradnorms"] = "Figure 1b left: layer gradient norms of 12-layer critics, weight clipping c = 0.1, 0.01, 0.001 vs gradient penalty",
        ["weights"] = "Figure 1b right: critic weight histograms, weight clipping c = 0.01 vs gradient penalty",
        ["critic-surface"] = "Figure 1a: value surfaces of critics trained against real + N(0, 1) on 8gaussians, 25gaussians, swissroll",
    };

    /// <summary>The files figure <paramref name="name"/> may write (its PNG, CSV and JSON), by name, so a command can claim them before it computes.</summary>
    public static IReadOnlyList<string> Files(string name) =>
        [.. new[] { ".png", ".csv", ".json" }.Select(ext => "figure_" + name.Replace('-', '_') + ext)];

    /// <summary>Computes figure <paramref name="name"/> with <paramref name="options"/> and writes it into <paramref name="outDir"/>.</summary>
    /// <exception cref="ArgumentException">An unknown name or a bad option.</exception>
    public static FigureOutput Run(string name, FigureOptions options, string outDir, IBackend backend, Action<FigureProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        switch (name)
        {
            case "gradnorms":
            {
                var config = DeepConfig(GradientNormsFigure.DefaultConfig, options);
                return GradientNormsFigure.Write(GradientNormsFigure.Compute(config, backend, progress), config, outDir);
            }
            case "weights":
            {
                var config = DeepConfig(WeightsFigure.DefaultConfig, options);
                return WeightsFigure.Write(WeightsFigure.Compute(config, backend, progress), config, outDir);
            }
            case "critic-surface":
            {
                var d = new CriticSurfaceConfig();
                var config = new CriticSurfaceConfig(options.Iters ?? d.Steps, options.Width ?? d.Width, options.Batch ?? d.Batch, options.Lambda ?? d.Lambda,
                    options.Seed, options.LearningRate ?? d.LearningRate);
                return CriticSurfaceFigure.Write(CriticSurfaceFigure.Compute(config, backend, progress), config, outDir);
            }
            default:
                throw new ArgumentException($"unknown figure '{name}'; expected one of: {string.Join(", ", Names)}");
        }
    }

    /// <summary>A deep-WGAN figure's defaults with the options applied.</summary>
    private static DeepWganConfig DeepConfig(DeepWganConfig defaults, FigureOptions o) => defaults with
    {
        Iters = o.Iters ?? defaults.Iters, Width = o.Width ?? defaults.Width, Batch = o.Batch ?? defaults.Batch,
        Lambda = o.Lambda ?? defaults.Lambda, Seed = o.Seed, LearningRate = o.LearningRate ?? defaults.LearningRate,
    };
}
