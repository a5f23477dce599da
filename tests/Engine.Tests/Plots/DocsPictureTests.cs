using Engine.Plots;
using Engine.Tests.Classifier;
using Xunit;

namespace Engine.Tests.Plots;

/// <summary>
/// The pictures in docs/ that the README shows are the current program's (issue 15): the run plots
/// have the sizes the ScottPlot renderer draws (the retired hand-written one drew 800-pixel-wide
/// curves), and none of them is blank.
/// </summary>
public class DocsPictureTests
{
    private static string Docs(string name) => Path.Combine(MnistTestData.RepositoryRoot(), "docs", name);

    [Theory]
    [InlineData("samples.png")]
    [InlineData("samples_ema.png")]
    public void The_toy_sample_plots_are_the_current_renderers(string name) =>
        DecodedPng.Read(Docs(name)).AssertDrawn(SamplesPlot.ImageWidth, SamplesPlot.ImageHeight);

    [Theory]
    [InlineData("curves.png", 6)]
    [InlineData("mnist_curves.png", 7)]
    public void The_curves_are_the_current_renderers(string name, int panels) =>
        DecodedPng.Read(Docs(name)).AssertDrawn(CurvesPlot.ImageWidth, CurvesPlot.HeaderHeight + panels * CurvesPlot.PanelHeight);

    [Theory]
    [InlineData("mnist_samples.png")]
    [InlineData("mnist_samples_ema.png")]
    [InlineData("figure_gradnorms.png")]
    [InlineData("figure_weights.png")]
    [InlineData("figure_critic_surface.png")]
    public void The_other_pictures_are_drawn(string name)
    {
        var png = DecodedPng.Read(Docs(name));
        Assert.True(png.Width >= 600 && png.Height >= 500, $"{name} is {png.Width} x {png.Height}");
        Assert.True(png.DistinctColors > 20, $"{name} has only {png.DistinctColors} colours");
    }
}
