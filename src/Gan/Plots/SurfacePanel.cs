namespace Engine.Gan.Plots;

/// <summary>
/// A scalar field over a square drawn into an <see cref="Axes"/>: a viridis heat map scaled to the field's own range,
/// iso-lines at evenly spaced levels, and scatter points on top. The drawing of <see cref="SamplesPlot"/> and of
/// multi-panel value-surface figures.
/// </summary>
public static class SurfacePanel
{
    /// <summary>Colour of the iso-lines: a light grey that reads on every viridis colour.</summary>
    public static readonly Rgb ContourColor = new(235, 235, 235);

    /// <summary>
    /// Fills the plot area of <paramref name="axes"/> (whose limits should be [-extent, extent]^2) with the field's heat
    /// map and draws <paramref name="contourLevels"/> iso-lines strictly inside its range. Non-finite values show grey.
    /// </summary>
    /// <param name="axes">Where to draw.</param>
    /// <param name="values">Element [i, j] is at x = column j, y = row i, row 0 at y = -extent; at least 2 x 2.</param>
    /// <param name="extent">Half the side of the square the grid spans; positive.</param>
    /// <param name="contourLevels">Number of iso-lines (0 for none).</param>
    /// <returns>The field's finite range, for a colour bar; (NaN, NaN) when no value is finite.</returns>
    /// <exception cref="ArgumentException">The grid is smaller than 2 x 2 or the extent is not positive and finite.</exception>
    public static (double Min, double Max) DrawField(Axes axes, double[,] values, double extent, int contourLevels = 10)
    {
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(values);
        if (values.GetLength(0) < 2 || values.GetLength(1) < 2)
            throw new ArgumentException($"The field must be at least 2 x 2, got {values.GetLength(0)} x {values.GetLength(1)}.", nameof(values));
        if (!(double.IsFinite(extent) && extent > 0))
            throw new ArgumentOutOfRangeException(nameof(extent), extent, "extent must be positive and finite.");
        var field = new GridField(values, extent);
        var (min, max) = field.Range;
        DrawHeatMap(axes, field, min, max);
        DrawContours(axes, field, min, max, contourLevels);
        return (min, max);
    }

    /// <summary>Draws interleaved x, y points as small discs, clipped to the plot area; non-finite points are skipped.</summary>
    /// <exception cref="ArgumentException"><paramref name="xy"/> has odd length.</exception>
    public static void DrawPoints(Axes axes, ReadOnlySpan<double> xy, Rgb color, double radius = 2.3, double alpha = 0.85)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (xy.Length % 2 != 0)
            throw new ArgumentException($"Points are interleaved x, y pairs but the span has odd length {xy.Length}.", nameof(xy));
        axes.ClipToPlotArea();
        for (int i = 0; i + 1 < xy.Length; i += 2)
            axes.Canvas.FillCircle(axes.PixelX(xy[i]), axes.PixelY(xy[i + 1]), radius, color, alpha);
        axes.Canvas.ResetClip();
    }

    private static void DrawHeatMap(Axes axes, GridField field, double min, double max)
    {
        bool varies = max > min;
        for (int py = axes.Top; py < axes.Top + axes.Height; py++)
        {
            double y = axes.DataY(py);
            for (int px = axes.Left; px < axes.Left + axes.Width; px++)
            {
                double value = field.Sample(axes.DataX(px), y);
                Rgb color = !double.IsFinite(value) ? Rgb.Gray : Colormap.Viridis(varies ? (value - min) / (max - min) : 0.5);
                axes.Canvas.SetPixel(px, py, color);
            }
        }
    }

    private static void DrawContours(Axes axes, GridField field, double min, double max, int levels)
    {
        if (!(max > min))
            return;
        axes.ClipToPlotArea();
        for (int k = 1; k <= levels; k++)
        {
            double level = min + (max - min) * k / (levels + 1);
            foreach (var s in ContourLines.Trace(field.Values, level))
            {
                var (x0, y0) = field.GridToData(s.X0, s.Y0);
                var (x1, y1) = field.GridToData(s.X1, s.Y1);
                axes.Canvas.DrawLine(axes.PixelX(x0), axes.PixelY(y0), axes.PixelX(x1), axes.PixelY(y1), ContourColor);
            }
        }
        axes.Canvas.ResetClip();
    }
}
