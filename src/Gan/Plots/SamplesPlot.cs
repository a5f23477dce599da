namespace Engine.Gan.Plots;

/// <summary>
/// The WGAN-GP toy-data figure: the critic's value over a square as a viridis heat map with iso-lines, real samples
/// in orange and generated samples in green, with axes, a colour bar and a legend.
/// </summary>
public static class SamplesPlot
{
    /// <summary>Image width in pixels.</summary>
    public const int ImageWidth = 640;

    /// <summary>Image height in pixels.</summary>
    public const int ImageHeight = 560;

    private const int PlotLeft = 64, PlotTop = 44, PlotSize = 456, ContourLevels = 10;

    /// <summary>Draws the figure and writes it to <paramref name="path"/> as a PNG (atomically).</summary>
    /// <inheritdoc cref="Render"/>
    public static void Save(string path, double[,] criticValues, double extent, ReadOnlySpan<double> realXY, ReadOnlySpan<double> fakeXY, string title) =>
        Render(criticValues, extent, realXY, fakeXY, title).Save(path);

    /// <summary>Draws the figure on a new <see cref="ImageWidth"/> x <see cref="ImageHeight"/> canvas.</summary>
    /// <param name="criticValues">
    /// The critic's value on a grid over [-extent, extent]^2: element [i, j] is at x = column j, y = row i, with row 0 at
    /// y = -extent and the last column at x = +extent. At least 2 x 2; non-finite values show grey.
    /// </param>
    /// <param name="extent">Half the side of the square shown; positive.</param>
    /// <param name="realXY">Real samples as interleaved x, y pairs; points outside the square or non-finite are not drawn.</param>
    /// <param name="fakeXY">Generated samples as interleaved x, y pairs.</param>
    /// <param name="title">Figure title.</param>
    /// <exception cref="ArgumentException">The grid is smaller than 2 x 2, the extent is not positive and finite, or a sample span has odd length.</exception>
    public static Canvas Render(double[,] criticValues, double extent, ReadOnlySpan<double> realXY, ReadOnlySpan<double> fakeXY, string title)
    {
        ArgumentNullException.ThrowIfNull(criticValues);
        ArgumentNullException.ThrowIfNull(title);
        if (criticValues.GetLength(0) < 2 || criticValues.GetLength(1) < 2)
            throw new ArgumentException(
                $"criticValues must be at least 2 x 2, got {criticValues.GetLength(0)} x {criticValues.GetLength(1)}.", nameof(criticValues));
        if (!(double.IsFinite(extent) && extent > 0))
            throw new ArgumentOutOfRangeException(nameof(extent), extent, "extent must be positive and finite.");
        if (realXY.Length % 2 != 0)
            throw new ArgumentException($"realXY holds interleaved x, y pairs but has odd length {realXY.Length}.", nameof(realXY));
        if (fakeXY.Length % 2 != 0)
            throw new ArgumentException($"fakeXY holds interleaved x, y pairs but has odd length {fakeXY.Length}.", nameof(fakeXY));

        var canvas = new Canvas(ImageWidth, ImageHeight, Rgb.White);
        var axes = new Axes(canvas, PlotLeft, PlotTop, PlotSize, PlotSize);
        axes.SetLimits(-extent, extent, -extent, extent);
        var (min, max) = SurfacePanel.DrawField(axes, criticValues, extent, ContourLevels);
        SurfacePanel.DrawPoints(axes, realXY, Rgb.Orange);
        SurfacePanel.DrawPoints(axes, fakeXY, Rgb.Green);

        axes.DrawFrame(Rgb.DarkGray);
        axes.DrawTicks(Rgb.DarkGray);
        axes.DrawXLabel("x", Rgb.DarkGray);
        axes.DrawYLabel("y", Rgb.DarkGray, offset: 48);
        axes.DrawTitle(title, Rgb.Black, scale: 2);
        int barLeft = PlotLeft + PlotSize + 20;
        ColorBar.Draw(canvas, barLeft, PlotTop, 16, PlotSize, min, max, Colormap.Viridis);
        canvas.DrawTextCentered(barLeft + 8, PlotTop - 14, "critic", Rgb.DarkGray);
        Legend.Draw(canvas, PlotLeft + 6, PlotTop + 6, [new("real", Rgb.Orange), new("generated", Rgb.Green)], LegendSymbol.Dot);
        return canvas;
    }
}
