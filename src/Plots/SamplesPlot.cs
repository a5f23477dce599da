using ScottPlot;

namespace Engine.Plots;

/// <summary>
/// The WGAN-GP toy-data figure (as the official script draws it): the critic's value over a square as a heat map with
/// iso-lines, real samples in orange and generated samples in green, with axes, a colour bar and a legend.
/// </summary>
public static class SamplesPlot
{
    /// <summary>Image width in pixels.</summary>
    public const int ImageWidth = 680;

    /// <summary>Image height in pixels.</summary>
    public const int ImageHeight = 600;

    private const int ContourLevels = 10;

    /// <summary>Draws the figure and writes it to <paramref name="path"/> as a PNG (atomically).</summary>
    /// <inheritdoc cref="Render"/>
    public static void Save(string path, double[,] criticValues, double extent, ReadOnlySpan<double> realXY, ReadOnlySpan<double> fakeXY, string title) =>
        PngFile.Write(path, Render(criticValues, extent, realXY, fakeXY, title));

    /// <summary>Draws the figure as an <see cref="ImageWidth"/> x <see cref="ImageHeight"/> PNG.</summary>
    /// <param name="criticValues">
    /// The critic's value on a grid over [-extent, extent]^2: element [i, j] is at x = column j, y = row i, with row 0 at
    /// y = -extent and the last column at x = +extent. At least 2 x 2; non-finite values show grey.
    /// </param>
    /// <param name="extent">Half the side of the square shown; positive.</param>
    /// <param name="realXY">Real samples as interleaved x, y pairs; non-finite points are not drawn.</param>
    /// <param name="fakeXY">Generated samples as interleaved x, y pairs.</param>
    /// <param name="title">Figure title.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentException">The grid is smaller than 2 x 2, the extent is not positive and finite, or a sample span has odd length.</exception>
    public static byte[] Render(double[,] criticValues, double extent, ReadOnlySpan<double> realXY, ReadOnlySpan<double> fakeXY, string title)
    {
        SurfaceLayer.Validate(criticValues, extent, nameof(criticValues));
        SurfaceLayer.ValidatePairs(realXY, nameof(realXY));
        SurfaceLayer.ValidatePairs(fakeXY, nameof(fakeXY));
        ArgumentNullException.ThrowIfNull(title);

        var plot = FigureStyle.NewPlot();
        var heatmap = SurfaceLayer.AddField(plot, criticValues, extent, ContourLevels);
        SurfaceLayer.AddPoints(plot, realXY, Palette.Orange, "real", 5);
        SurfaceLayer.AddPoints(plot, fakeXY, Palette.Green, "generated", 5);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "critic value";
        bar.LabelStyle.FontSize = FigureStyle.LabelSize;
        plot.Title(title, FigureStyle.TitleSize);
        plot.XLabel("x", FigureStyle.LabelSize);
        plot.YLabel("y", FigureStyle.LabelSize);
        plot.ShowLegend(Alignment.UpperLeft);
        return FigureImage.Png(plot, ImageWidth, ImageHeight);
    }
}
