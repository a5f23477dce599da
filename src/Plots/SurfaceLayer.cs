using ScottPlot;

namespace Engine.Plots;

/// <summary>
/// A scalar field over [-extent, extent]^2 drawn into a plot: a viridis heat map scaled to the field's own range,
/// iso-lines at evenly spaced levels strictly inside it, and scatter points on top. Shared by <see cref="SamplesPlot"/>
/// and <see cref="SurfaceGridPlot"/>.
/// </summary>
internal static class SurfaceLayer
{
    /// <summary>
    /// Draws the field and sets the plot's limits to the square. Non-finite values show grey; iso-lines are left out
    /// when the field is constant or holds a non-finite value.
    /// </summary>
    /// <returns>The heat map, for a colour bar.</returns>
    public static ScottPlot.Plottables.Heatmap AddField(Plot plot, double[,] values, double extent, int contourLevels)
    {
        int rows = values.GetLength(0), columns = values.GetLength(1);
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.FlipVertically = true;  // row 0 is y = -extent, at the bottom
        heatmap.Smooth = true;
        heatmap.NaNCellColor = Colors.Gray;
        // Grid points sit at cell centres: the cells reach half a cell beyond +-extent.
        double halfX = extent / (columns - 1), halfY = extent / (rows - 1);
        heatmap.Extent = new CoordinateRect(-extent - halfX, extent + halfX, -extent - halfY, extent + halfY);

        var (min, max) = DataRange.Finite(values.Cast<double>());
        bool allFinite = values.Cast<double>().All(double.IsFinite);
        if (contourLevels > 0 && allFinite && max > min)
        {
            var grid = new Coordinates3d[rows, columns];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < columns; j++)
                    grid[i, j] = new(-extent + 2 * extent * j / (columns - 1), -extent + 2 * extent * i / (rows - 1), values[i, j]);
            var contours = plot.Add.ContourLines(grid, contourLevels);
            contours.ContourLineLevels = Enumerable.Range(1, contourLevels).Select(k => min + (max - min) * k / (contourLevels + 1)).ToArray();
            contours.Update(grid);
            contours.LineColor = Colors.White.WithAlpha(0.55);
            contours.LineWidth = 1;
            contours.LabelStyle.IsVisible = false;
        }
        plot.Axes.SetLimits(-extent, extent, -extent, extent);
        return heatmap;
    }

    /// <summary>Draws interleaved x, y points as dots; non-finite points are left out.</summary>
    public static void AddPoints(Plot plot, ReadOnlySpan<double> xy, string color, string label, float size)
    {
        var xs = new List<double>(xy.Length / 2);
        var ys = new List<double>(xy.Length / 2);
        for (int i = 0; i + 1 < xy.Length; i += 2)
            if (double.IsFinite(xy[i]) && double.IsFinite(xy[i + 1]))
            {
                xs.Add(xy[i]);
                ys.Add(xy[i + 1]);
            }
        var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), Color.FromHex(color).WithAlpha(0.85));
        points.MarkerSize = size;
        points.LegendText = label;
    }

    /// <summary>Checks a field and its extent, naming <paramref name="name"/> in the message.</summary>
    /// <exception cref="ArgumentException">The grid is smaller than 2 x 2 or the extent is not positive and finite.</exception>
    public static void Validate(double[,] values, double extent, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.GetLength(0) < 2 || values.GetLength(1) < 2)
            throw new ArgumentException($"{name} must be at least 2 x 2, got {values.GetLength(0)} x {values.GetLength(1)}.", name);
        if (!(double.IsFinite(extent) && extent > 0))
            throw new ArgumentOutOfRangeException(nameof(extent), extent, "extent must be positive and finite.");
    }

    /// <summary>Checks that a span holds interleaved x, y pairs.</summary>
    /// <exception cref="ArgumentException">The span has odd length.</exception>
    public static void ValidatePairs(ReadOnlySpan<double> xy, string name)
    {
        if (xy.Length % 2 != 0)
            throw new ArgumentException($"{name} holds interleaved x, y pairs but has odd length {xy.Length}.", name);
    }
}
