using Engine.Gan.Plots;
using Xunit;

namespace Engine.Tests.Gan;

/// <summary>PNG encoding, canvas drawing and the figures: outputs are decoded and checked pixel by pixel where it matters.</summary>
public class PlotsTests
{
    [Fact]
    public void Crc32_of_the_check_string()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(Crc32.Compute("123456789"u8), Crc32.Append(Crc32.Compute("1234"u8), "56789"u8));
    }

    [Fact]
    public void Png_of_a_tiny_canvas_decodes_to_the_drawn_pixels()
    {
        var canvas = new Canvas(7, 5, new Rgb(10, 20, 30));
        canvas.SetPixel(0, 0, Rgb.Red);
        canvas.SetPixel(6, 4, Rgb.Green);
        canvas.FillRect(2, 1, 3, 2, new Rgb(200, 100, 50));
        canvas.SetPixel(99, 99, Rgb.Black);  // off-canvas: ignored

        var image = PngTestDecoder.Decode(canvas.EncodePng());

        Assert.Equal((7, 5), (image.Width, image.Height));
        Assert.Equal(5 * (1 + 3 * 7), image.InflatedLength);
        Assert.Equal(canvas.Pixels.ToArray(), image.Rgb);
        Assert.Equal((Rgb.Red.R, Rgb.Red.G, Rgb.Red.B), image.At(0, 0));
        Assert.Equal((Rgb.Green.R, Rgb.Green.G, Rgb.Green.B), image.At(6, 4));
        Assert.Equal(((byte)200, (byte)100, (byte)50), image.At(4, 2));
        Assert.Equal(((byte)10, (byte)20, (byte)30), image.At(5, 2));
    }

    [Fact]
    public void Png_round_trips_noise_through_every_filter_choice()
    {
        var rgb = new byte[13 * 9 * 3];
        new Random(7).NextBytes(rgb);
        for (int i = 0; i < 13 * 3 * 4; i++)
            rgb[i] = (byte)(i / 3);  // smooth rows favour Sub/Up, noisy rows None
        var chunks = PngTestDecoder.Chunks(PngWriter.Encode(13, 9, rgb));
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        Assert.Equal(rgb, PngTestDecoder.Decode(PngWriter.Encode(13, 9, rgb)).Rgb);
    }

    [Fact]
    public void Save_replaces_the_file_and_leaves_no_temporary()
    {
        string folder = Directory.CreateTempSubdirectory("plots-").FullName;
        try
        {
            string path = Path.Combine(folder, "a.png");
            File.WriteAllText(path, "old");
            byte[] rgb = [1, 2, 3, 4, 5, 6];
            PngWriter.Save(path, 2, 1, rgb);
            Assert.Equal(PngWriter.Encode(2, 1, rgb), File.ReadAllBytes(path));
            Assert.False(File.Exists(path + ".tmp"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Invalid_png_arguments_throw_naming_the_problem()
    {
        var negative = Assert.ThrowsAny<ArgumentException>(() => PngWriter.Encode(-1, 2, new byte[6]));
        Assert.Contains("width", negative.Message);
        var zeroHeight = Assert.ThrowsAny<ArgumentException>(() => PngWriter.Encode(2, 0, new byte[6]));
        Assert.Contains("height", zeroHeight.Message);
        var mismatch = Assert.Throws<ArgumentException>(() => PngWriter.Encode(2, 2, new byte[11]));
        Assert.Contains("rgb", mismatch.Message);
        Assert.Contains("12", mismatch.Message);
        Assert.ThrowsAny<ArgumentException>(() => new Canvas(0, 3, Rgb.White));
        Assert.ThrowsAny<ArgumentException>(() => new Canvas(3, 3, Rgb.White).DrawLine(0, 0, 1, 1, Rgb.Black, thickness: 0));
    }

    [Fact]
    public void Text_is_drawn_inside_its_measured_box()
    {
        var canvas = new Canvas(40, 20, Rgb.White);
        var (width, height) = Canvas.MeasureText("1e-5", scale: 2);
        Assert.Equal(((4 * 6 - 1) * 2, 16), (width, height));
        canvas.DrawText(3, 2, "1e-5", Rgb.Black, scale: 2);
        int inside = 0;
        for (int y = 0; y < canvas.Height; y++)
            for (int x = 0; x < canvas.Width; x++)
                if (canvas.GetPixel(x, y) == Rgb.Black)
                {
                    Assert.InRange(x, 3, 3 + width - 1);
                    Assert.InRange(y, 2, 2 + height - 1);
                    inside++;
                }
        Assert.InRange(inside, 40, width * height / 2);
        Assert.Equal((0, 0), Canvas.MeasureText(""));
    }

    [Fact]
    public void Lines_and_circles_cover_their_pixels_and_blend()
    {
        var canvas = new Canvas(20, 20, Rgb.White);
        canvas.DrawLine(2, 3, 15, 9, Rgb.Blue);
        Assert.Equal(Rgb.Blue, canvas.GetPixel(2, 3));
        Assert.Equal(Rgb.Blue, canvas.GetPixel(15, 9));
        canvas.FillCircle(10, 15, 3, Rgb.Black, alpha: 0.5);
        Assert.Equal(new Rgb(128, 128, 128), canvas.GetPixel(10, 15));
        Assert.Equal(Rgb.White, canvas.GetPixel(14, 19));
        canvas.DrawLine(double.NaN, 0, 5, 5, Rgb.Red);  // skipped, not thrown
    }

    [Fact]
    public void Colormaps_hit_their_end_colours_and_clamp()
    {
        Assert.Equal(new Rgb(68, 1, 84), Colormap.Viridis(0));
        Assert.Equal(new Rgb(253, 231, 37), Colormap.Viridis(1));
        Assert.Equal(Colormap.Viridis(1), Colormap.Viridis(7));
        Assert.Equal(Colormap.Viridis(0), Colormap.Viridis(double.NaN));
        Rgb middle = Colormap.Coolwarm(0.5);
        Assert.True(middle.R > 200 && middle.G > 200 && middle.B > 200);
        Assert.True(Colormap.Coolwarm(0).B > Colormap.Coolwarm(0).R);
        Assert.True(Colormap.Coolwarm(1).R > Colormap.Coolwarm(1).B);
    }

    [Fact]
    public void Nice_ticks_are_round_and_handle_degenerate_ranges()
    {
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1.0], NiceTicks.Compute(0, 1, 6), new ToleranceComparer(1e-12));
        Assert.Equal([0, 5, 10], NiceTicks.Compute(-3.7, 12.2, 3));
        Assert.Equal([0, 0.5, 1], NiceTicks.Compute(0, 1, 5));
        Assert.Equal([2.5], NiceTicks.Compute(2.5, 2.5));
        Assert.Empty(NiceTicks.Compute(double.NaN, 1));
        Assert.Equal("0.4", NiceTicks.Format(0.4000000001, 0.2));
        Assert.Equal("2000", NiceTicks.Format(2000, 500));
        Assert.Equal("2.5e-05", NiceTicks.Format(2.5e-5, 5e-6));
    }

    [Fact]
    public void Contours_of_a_linear_field_are_straight_at_the_level()
    {
        var field = new double[3, 4];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                field[i, j] = j;
        var segments = ContourLines.Trace(field, 1.5);
        Assert.Equal(2, segments.Count);
        Assert.All(segments, s => Assert.Equal((1.5, 1.5), (s.X0, s.X1)));
        field[0, 1] = double.NaN;
        Assert.Single(ContourLines.Trace(field, 1.5));
    }

    [Fact]
    public void Samples_plot_is_a_png_with_real_and_generated_dots()
    {
        const int N = 21;
        var critic = new double[N, N];
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
                critic[i, j] = Math.Sin(j * 0.3) + Math.Cos(i * 0.2);
        critic[3, 4] = double.NaN;
        double[] real = [-1, -1, -1.1, -0.9, 1, 1, 0.5, -1.5];
        double[] fake = [1.5, 0.2, 0.3, 1.7, -1.6, 1.2, double.NaN, 0, 9, 9];

        var image = PngTestDecoder.Decode(SamplesPlot.Render(critic, 2.0, real, fake, "WGAN-GP, iteration 100").EncodePng());

        Assert.Equal((SamplesPlot.ImageWidth, SamplesPlot.ImageHeight), (image.Width, image.Height));
        Assert.True(Count(image, IsOrangeish) >= 20, "no orange (real) dots");
        Assert.True(Count(image, IsGreenish) >= 20, "no green (generated) dots");
    }

    [Fact]
    public void Samples_plot_rejects_bad_inputs_by_name()
    {
        var grid = new double[4, 4];
        Assert.Contains("realXY", Assert.Throws<ArgumentException>(() => SamplesPlot.Render(grid, 1, new double[3], [], "t")).Message);
        Assert.Contains("2 x 2", Assert.Throws<ArgumentException>(() => SamplesPlot.Render(new double[1, 5], 1, [], [], "t")).Message);
        Assert.ThrowsAny<ArgumentException>(() => SamplesPlot.Render(grid, 0, [], [], "t"));
        SamplesPlot.Render(new double[3, 3], 1, [], [], "constant critic");  // min == max: no contours, no crash
    }

    [Fact]
    public void Curves_plot_survives_nan_and_constant_series()
    {
        double[] it = [0, 10, 20, 30, 40];
        var panels = new List<PlotPanel>
        {
            new("critic loss", [new("loss", it, [1, double.NaN, 0.5, double.PositiveInfinity, -2], Rgb.Blue)]),
            new("penalty", [new("flat", it, [3, 3, 3, 3, 3]), new("empty", [], [])], YLabel: "GP"),
            new("all NaN", [new("nan", it, [double.NaN, double.NaN, double.NaN, double.NaN, double.NaN])]),
        };

        var image = PngTestDecoder.Decode(CurvesPlot.Render(panels, "training").EncodePng());

        Assert.Equal((CurvesPlot.ImageWidth, CurvesPlot.HeaderHeight + 3 * CurvesPlot.PanelHeight), (image.Width, image.Height));
        Assert.True(Count(image, p => p == (Rgb.Blue.R, Rgb.Blue.G, Rgb.Blue.B)) > 50, "the blue curve is missing");
        var e = Assert.Throws<ArgumentException>(() => CurvesPlot.Render([new("p", [new("short", it, [1, 2])])], "t"));
        Assert.Contains("short", e.Message);
        Assert.Throws<ArgumentException>(() => CurvesPlot.Render([], "t"));
    }

    [Fact]
    public void Image_grid_size_follows_the_formula_and_pixels_are_clamped()
    {
        const int Count = 10, H = 3, W = 4, Columns = 4, Scale = 2;
        var pixels = new float[Count * H * W];
        pixels[0] = 2f;                // clamps to white
        pixels[1] = -1f;               // clamps to black
        pixels[H * W] = 0.5f;          // first pixel of image 1

        var image = PngTestDecoder.Decode(ImageGrid.Render(pixels, Count, H, W, Columns, Scale).EncodePng());

        int across = 4, down = 3;
        Assert.Equal((across * W * Scale + (across + 1) * 2, down * H * Scale + (down + 1) * 2), (image.Width, image.Height));
        Assert.Equal((image.Width, image.Height), ImageGrid.Size(Count, H, W, Columns, Scale));
        Assert.Equal(((byte)255, (byte)255, (byte)255), image.At(2, 2));
        Assert.Equal(((byte)255, (byte)255, (byte)255), image.At(3, 3));
        Assert.Equal(((byte)0, (byte)0, (byte)0), image.At(4, 2));
        Assert.Equal(((byte)128, (byte)128, (byte)128), image.At(2 + W * Scale + 2, 2));
        Assert.Contains("pixels", Assert.Throws<ArgumentException>(() => ImageGrid.Render(new float[5], Count, H, W, Columns, Scale)).Message);
        Assert.ThrowsAny<ArgumentException>(() => ImageGrid.Size(0, H, W, Columns, Scale));
    }

    private static int Count(PngTestDecoder.Image image, Func<(byte R, byte G, byte B), bool> predicate)
    {
        int n = 0;
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
                if (predicate(image.At(x, y)))
                    n++;
        return n;
    }

    private static bool IsOrangeish((byte R, byte G, byte B) p) => p.R > 200 && p.G is > 90 and < 170 && p.B < 90;

    private static bool IsGreenish((byte R, byte G, byte B) p) => p.G > 130 && p.R < 100 && p.B < 90;

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;

        public int GetHashCode(double value) => 0;
    }
}
