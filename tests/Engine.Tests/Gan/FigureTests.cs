using System.Text.Json.Nodes;
using Engine.Gan.Figures;
using Engine.Plots;
using Engine.Tests.Plots;
using Engine.Kernels.Cpu;
using Xunit;

namespace Engine.Tests.Gan;

/// <summary>The paper's figures at tiny sizes: the qualitative claims that hold after a few steps, and the pictures' shapes.</summary>
public sealed class FigureTests
{
    private static readonly DeepWganConfig Tiny = new() { Layers = 12, Width = 64, Batch = 16, Iters = 2, Lambda = 10, Seed = 3 };

    [Fact]
    public void Clipping_at_0_001_makes_layer_gradients_vanish_while_the_penalty_keeps_them_level()
    {
        var norms = GradientNormsFigure.Compute(Tiny, CpuBackend.Instance);
        Assert.Equal(["clip", "clip", "clip", "gp"], norms.Select(n => n.Method.Penalty));
        Assert.All(norms, n => Assert.Equal(12, n.Norms.Length));
        Assert.All(norms, n => Assert.All(n.Norms, v => Assert.True(double.IsFinite(v) && v > 0, $"{n.Method.Label}: {v}")));
        var clip = norms[0];
        Assert.Equal(0.001, clip.Method.Lambda);
        // c sqrt(width / 2) = 0.006 per layer: over 11 layers the input-side norm is more than ten decades below the output side's.
        Assert.True(clip.DecadesFirstOverLast < -10, $"clip 0.001: first/last = 10^{clip.DecadesFirstOverLast:F1}");
        var gp = norms[3];
        Assert.True(gp.DecadesSpanned < 1, $"gp spans {gp.DecadesSpanned:F2} decades");
    }

    [Fact]
    public void Clipped_weights_pile_at_plus_minus_c_and_penalised_ones_spread()
    {
        var weights = WeightsFigure.Compute(Tiny with { Layers = 3 }, CpuBackend.Instance);
        var (clip, gp) = (weights[0], weights[1]);
        Assert.Equal(WeightsFigure.ClipValue, clip.Method.Lambda);
        Assert.All(clip.Weights, w => Assert.InRange(Math.Abs(w), 0, WeightsFigure.ClipValue * (1 + 1e-6)));
        // After 10 RMSProp steps of at most ~2.5e-3 in all, the weights clamped at initialisation are still near the ends;
        // those the gradient keeps pushing outward sit exactly at +-c (83% after the default 200 iterations).
        var nearEnds = clip.Weights.Count(w => Math.Abs(w) >= 0.7 * WeightsFigure.ClipValue) / (double)clip.Weights.Length;
        Assert.True(nearEnds > 0.9, $"share within 30% of +-c {nearEnds:P1}");
        Assert.True(clip.ShareAtClipValue > 0.3, $"share at +-c {clip.ShareAtClipValue:P1}");
        Assert.True(gp.Std > 5 * WeightsFigure.ClipValue, $"gp std {gp.Std}");
        Assert.True(gp.Weights.Count(w => Math.Abs(Math.Abs(w) - WeightsFigure.ClipValue) < 1e-9) < gp.Weights.Length / 100);
        var histogram = WeightsFigure.HistogramOf(clip);
        Assert.Equal(clip.Weights.Length, histogram.Counts.Sum());
        Assert.Equal(0, WeightsFigure.Outside(clip));
        // the two outermost occupied bins hold the piles at -c and +c
        var occupied = histogram.Counts.Select((count, bin) => (count, bin)).Where(b => b.count > 0).ToArray();
        Assert.True(occupied[0].count + occupied[^1].count >= clip.ShareAtClipValue * clip.Weights.Length);
    }

    [Fact]
    public void Critic_surface_panels_are_finite_clipped_critics_stay_in_the_box_and_the_figure_has_six_panels()
    {
        var config = new CriticSurfaceConfig(Steps: 3, Width: 8, Batch: 16, Lambda: 10, Seed: 2);
        var clipped = CriticSurfaceFigure.Train("swissroll", FigureMethod.Clip(0.01), config, CpuBackend.Instance);
        Assert.Equal(CriticSurfaceFigure.GridSize, clipped.Values.GetLength(0));
        Assert.All(clipped.Values.Cast<double>(), v => Assert.True(double.IsFinite(v)));
        Assert.Equal(2 * CriticSurfaceFigure.ShownSamples, clipped.RealXY.Length);
        // every weight within +-c and width 8: |D| is bounded by a small Lipschitz constant times |x| plus the biases
        Assert.All(clipped.Values.Cast<double>(), v => Assert.InRange(Math.Abs(v), 0, 0.1));

        var panels = new[] { "8gaussians", "25gaussians", "swissroll" }
            .SelectMany(d => new[] { clipped with { Dataset = d }, clipped with { Dataset = d, Method = FigureMethod.GradientPenalty(10) } }).ToList();
        var image = DecodedPng.Decode(CriticSurfaceFigure.Render(panels, "t"));
        image.AssertDrawn(3 * SurfaceGridPlot.PanelWidth, SurfaceGridPlot.HeaderHeight + 2 * SurfaceGridPlot.PanelHeight);
        Assert.Contains("do not fill", Assert.Throws<ArgumentException>(() => CriticSurfaceFigure.Render(panels[..5], "t")).Message);
    }

    [Fact]
    public void Weight_histogram_bins_include_the_last_edge_and_count_what_lies_beyond()
    {
        var clip = new CriticWeights(FigureMethod.Clip(0.01), [-0.0125, -0.01, 0, 0.0125, 0.02, double.NaN], 1);
        var h = WeightsFigure.HistogramOf(clip);
        Assert.Equal(WeightsFigure.Bins, h.Counts.Length);
        Assert.Equal(-0.0125, h.Edges[0], 12);
        Assert.Equal(0.0125, h.Edges[^1], 12);
        Assert.Equal(4, h.Counts.Sum());  // 0.02 is outside, NaN is not counted
        Assert.Equal(1, h.Counts[0]);
        Assert.Equal(1, h.Counts[^1]);     // the right edge itself lands in the last bin
        Assert.Equal(1, WeightsFigure.Outside(clip));
    }
}

/// <summary><c>engine figure</c> end to end at tiny sizes, and its refusals.</summary>
public sealed class FigureCliTests : CliHarness
{
    [Theory]
    [InlineData("gradnorms", "figure_gradnorms", 4)]
    [InlineData("weights", "figure_weights", 2)]
    [InlineData("critic-surface", "figure_critic_surface", 6)]
    public void Figure_writes_a_png_and_its_numbers(string name, string stem, int entries)
    {
        var dir = Path.Combine(_root, name);
        var (code, output, error) = Run("figure", name, "--iters", "1", "--width", "8", "--batch", "8", "--out", dir);
        Assert.True(code == 0, error + output);
        var png = DecodedPng.Read(Path.Combine(dir, stem + ".png"));
        Assert.True(png.Width > 500 && png.Height > 400);
        Assert.True(png.DistinctColors > 50, $"{stem}.png has only {png.DistinctColors} colours");
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, stem + ".json")))!;
        Assert.Equal(entries, (json["methods"] ?? json["panels"])!.AsArray().Count);
        Assert.Contains("wrote", output);
    }

    [Theory]
    [InlineData(new[] { "figure", "fig9" }, "unknown figure 'fig9'")]
    [InlineData(new[] { "figure", "weights", "--iters", "0" }, "--iters must be >= 1")]
    [InlineData(new[] { "figure", "gradnorms", "--lambda", "-1" }, "--lambda must be")]
    public void Bad_input_gives_a_clear_error_and_exit_code_2(string[] args, string expected)
    {
        var (code, _, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("   at ", error);
    }
}
