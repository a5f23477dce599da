using Engine.Plots;
using SkiaSharp;
using Xunit;

namespace Engine.Tests.Plots;

/// <summary>Every figure of Engine.Plots, decoded by SkiaSharp: sizes, not blank, and the pixels that say it drew what it was given.</summary>
public class PlotsTests
{
    [Fact]
    public void Samples_plot_has_its_size_text_real_and_generated_dots()
    {
        const int N = 21;
        var critic = new double[N, N];
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
                critic[i, j] = Math.Sin(j * 0.3) + Math.Cos(i * 0.2);
        critic[3, 4] = double.NaN;
        double[] real = [-1, -1, -1.1, -0.9, 1, 1, 0.5, -1.5];
        double[] fake = [1.5, 0.2, 0.3, 1.7, -1.6, 1.2, double.NaN, 0, 9, 9];

        var image = DecodedPng.Decode(SamplesPlot.Render(critic, 2.0, real, fake, "WGAN-GP, iteration 100"));

        image.AssertDrawn(SamplesPlot.ImageWidth, SamplesPlot.ImageHeight);
        Assert.True(image.Count(DecodedPng.Near(Palette.Orange)) >= 40, "no orange (real) dots");
        Assert.True(image.Count(DecodedPng.Near(Palette.Green)) >= 40, "no green (generated) dots");
    }

    [Fact]
    public void Samples_plot_puts_row_zero_at_the_bottom()
    {
        // The field grows with y (the row index): the top of the plot must be viridis yellow, the bottom its purple.
        var field = new double[16, 16];
        for (int i = 0; i < 16; i++)
            for (int j = 0; j < 16; j++)
                field[i, j] = i;
        var image = DecodedPng.Decode(SamplesPlot.Render(field, 1.0, [], [], "rising"));
        int middle = image.Width / 2 - 40;
        int yellowTop = image.Count(IsYellow, middle - 20, 0, middle + 20, image.Height / 2);
        int yellowBottom = image.Count(IsYellow, middle - 20, image.Height / 2, middle + 20, image.Height);
        int purpleBottom = image.Count(IsPurple, middle - 20, image.Height / 2, middle + 20, image.Height);
        Assert.True(yellowTop > 200 && yellowBottom < 20 && purpleBottom > 200, $"yellow top {yellowTop}, yellow bottom {yellowBottom}, purple bottom {purpleBottom}");
    }

    [Fact]
    public void Samples_plot_rejects_bad_inputs_by_name_and_survives_a_constant_critic()
    {
        var grid = new double[4, 4];
        Assert.Contains("realXY", Assert.Throws<ArgumentException>(() => SamplesPlot.Render(grid, 1, new double[3], [], "t")).Message);
        Assert.Contains("2 x 2", Assert.Throws<ArgumentException>(() => SamplesPlot.Render(new double[1, 5], 1, [], [], "t")).Message);
        Assert.ThrowsAny<ArgumentException>(() => SamplesPlot.Render(grid, 0, [], [], "t"));
        var constant = DecodedPng.Decode(SamplesPlot.Render(new double[3, 3], 1, [], [], "constant critic"));  // no contours, no crash
        Assert.Equal((SamplesPlot.ImageWidth, SamplesPlot.ImageHeight), (constant.Width, constant.Height));
    }

    [Fact]
    public void Curves_plot_survives_nan_infinity_and_constant_series()
    {
        double[] it = [0, 10, 20, 30, 40, 50, 60, 70];
        var panels = new List<PlotPanel>
        {
            new("critic loss", [new("loss", it, [1, 0.8, double.NaN, 0.5, 0.1, double.PositiveInfinity, -2, -1.5], Palette.Blue)]),
            new("penalty", [new("flat", it, [3, 3, 3, 3, 3, 3, 3, 3]), new("empty", [], [])], YLabel: "GP"),
            new("all NaN", [new("nan", it, [.. it.Select(_ => double.NaN)])]),
        };

        var image = DecodedPng.Decode(CurvesPlot.Render(panels, "training"));

        image.AssertDrawn(CurvesPlot.ImageWidth, CurvesPlot.HeaderHeight + 3 * CurvesPlot.PanelHeight);
        Assert.True(image.Count(DecodedPng.Near(Palette.Blue, 30), 0, CurvesPlot.HeaderHeight, -1, CurvesPlot.HeaderHeight + CurvesPlot.PanelHeight) > 50,
            "the blue curve is missing from the first panel");
        Assert.True(image.Count(DecodedPng.IsDark, 0, 0, -1, CurvesPlot.HeaderHeight) > 30, "the title band is empty");
        var e = Assert.Throws<ArgumentException>(() => CurvesPlot.Render([new("p", [new("short", it, [1, 2])])], "t"));
        Assert.Contains("short", e.Message);
        Assert.Throws<ArgumentException>(() => CurvesPlot.Render([], "t"));
    }

    [Fact]
    public void Log_line_plot_draws_every_series_and_labels_powers_of_ten()
    {
        var x = new double[] { 1, 2, 3 };
        var png = LinePlot.Render([new("a", x, [1e-20, 1e-10, 1], Palette.Red), new("b", x, [0, -1, 5], Palette.Blue)], "t", "layer", "norm", logY: true);
        var image = DecodedPng.Decode(png);
        image.AssertDrawn(LinePlot.ImageWidth, LinePlot.ImageHeight);
        Assert.True(image.Count(DecodedPng.Near(Palette.Red, 30)) > 100, "series a is missing");
        Assert.Equal(["1", "10", "0.1", "1e-20", "1e5"], new[] { 0, 1, -1, -20, 5 }.Select(LinePlot.PowerLabel));
    }

    [Fact]
    public void Histogram_plot_draws_its_bars_and_checks_its_edges()
    {
        var panel = new HistogramPanel("a", [-1, -0.5, 0, 0.5, 1], [40, 0, 20, 40], Palette.Blue, "w");
        var image = DecodedPng.Decode(HistogramPlot.Render([panel, panel with { Title = "b", Color = Palette.Red }], "t"));
        image.AssertDrawn(HistogramPlot.ImageWidth, HistogramPlot.HeaderHeight + 2 * HistogramPlot.PanelHeight, minColors: 20);
        Assert.True(image.Count(DecodedPng.Near(Palette.Blue, 10)) > 2000, "blue bars missing");
        Assert.True(image.Count(DecodedPng.Near(Palette.Red, 10)) > 2000, "red bars missing");
        var e = Assert.Throws<ArgumentException>(() => HistogramPlot.Render([panel with { Edges = [0, 1] }], "t"));
        Assert.Contains("2 edges for 4 bins", e.Message);
    }

    [Fact]
    public void Surface_grid_has_one_panel_per_cell()
    {
        var field = new double[8, 8];
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 8; j++)
                field[i, j] = i * j;
        var panels = Enumerable.Range(0, 6).Select(k => new SurfacePanel($"panel {k}", field, 2, [0, 0, 1, 1])).ToList();
        var image = DecodedPng.Decode(SurfaceGridPlot.Render(panels, 3, "grid"));
        image.AssertDrawn(3 * SurfaceGridPlot.PanelWidth, SurfaceGridPlot.HeaderHeight + 2 * SurfaceGridPlot.PanelHeight);
        // every cell holds a heat map: each of the six panel centres is coloured, not white
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < 3; c++)
            {
                var centre = image.At(c * SurfaceGridPlot.PanelWidth + SurfaceGridPlot.PanelWidth / 2, SurfaceGridPlot.HeaderHeight + r * SurfaceGridPlot.PanelHeight + SurfaceGridPlot.PanelHeight / 2);
                Assert.NotEqual(SKColors.White, centre);
            }
        Assert.Contains("panel 'bad' values", Assert.Throws<ArgumentException>(() => SurfaceGridPlot.Render([new("bad", new double[1, 1], 1, [])], 1, "t")).Message);
    }

    [Fact]
    public void Image_grid_size_follows_the_formula_and_pixels_are_clamped_and_unsmoothed()
    {
        const int Count = 10, H = 3, W = 4, Columns = 4, Scale = 2;
        var pixels = new float[Count * H * W];
        pixels[0] = 2f;                // clamps to white
        pixels[1] = -1f;               // clamps to black
        pixels[H * W] = 0.5f;          // first pixel of image 1

        var image = DecodedPng.Decode(ImageGrid.Render(pixels, Count, H, W, Columns, Scale, "digits"));

        int across = 4, down = 3, top = ImageGrid.HeaderHeight;
        Assert.Equal((across * W * Scale + (across + 1) * 2, top + down * H * Scale + (down + 1) * 2), (image.Width, image.Height));
        Assert.Equal((image.Width, image.Height), ImageGrid.Size(Count, H, W, Columns, Scale));
        Assert.Equal(new SKColor(255, 255, 255), image.At(2, top + 2));
        Assert.Equal(new SKColor(255, 255, 255), image.At(3, top + 3));
        Assert.Equal(new SKColor(0, 0, 0), image.At(4, top + 2));
        Assert.Equal(new SKColor(128, 128, 128), image.At(2 + W * Scale + 2, top + 2));
        Assert.Equal(SKColors.White, image.At(0, top + 5));               // separator
        Assert.Equal(SKColors.White, image.At(2 + W * Scale, top + 2));  // separator between images 0 and 1
        Assert.True(image.Count(DecodedPng.IsDark, 0, 0, -1, top) > 20, "the title was not drawn");
        Assert.Contains("pixels", Assert.Throws<ArgumentException>(() => ImageGrid.Render(new float[5], Count, H, W, Columns, Scale, "t")).Message);
        Assert.ThrowsAny<ArgumentException>(() => ImageGrid.Size(0, H, W, Columns, Scale));
    }

    [Fact]
    public void Save_replaces_the_file_and_leaves_no_temporary()
    {
        string folder = Directory.CreateTempSubdirectory("plots-").FullName;
        try
        {
            string path = Path.Combine(folder, "a.png");
            File.WriteAllText(path, "old");
            ImageGrid.Save(path, [0.25f, 0.75f], 2, 1, 1, 2, 1, "t");
            Assert.Equal(ImageGrid.Size(2, 1, 1, 2, 1), (DecodedPng.Read(path).Width, DecodedPng.Read(path).Height));
            Assert.False(File.Exists(path + ".tmp"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static bool IsYellow(SKColor c) => c.Red > 180 && c.Green > 180 && c.Blue < 120;

    private static bool IsPurple(SKColor c) => c.Red is > 40 and < 110 && c.Green < 60 && c.Blue > 60;
}
