namespace Engine.Gan.Plots;

/// <summary>A figure of vertically stacked line-plot panels sharing the x-axis title "iteration" (losses over training).</summary>
public static class CurvesPlot
{
    /// <summary>Image width in pixels.</summary>
    public const int ImageWidth = 800;

    /// <summary>Height of each panel in pixels.</summary>
    public const int PanelHeight = 220;

    /// <summary>Height of the band holding the figure title, in pixels.</summary>
    public const int HeaderHeight = 36;

    private const int PlotLeft = 84, PlotRight = 24, PlotTopInset = 26, PlotBottomInset = 46;

    /// <summary>Draws the figure and writes it to <paramref name="path"/> as a PNG (atomically).</summary>
    /// <inheritdoc cref="Render"/>
    public static void Save(string path, IReadOnlyList<PlotPanel> panels, string title) => Render(panels, title).Save(path);

    /// <summary>Draws the figure on a new canvas <see cref="ImageWidth"/> wide and <see cref="HeaderHeight"/> + <see cref="PanelHeight"/> per panel high.</summary>
    /// <param name="panels">Panels from top to bottom; at least one.</param>
    /// <param name="title">Figure title.</param>
    /// <exception cref="ArgumentException">There are no panels, or a series' X and Y differ in length.</exception>
    public static Canvas Render(IReadOnlyList<PlotPanel> panels, string title)
    {
        ArgumentNullException.ThrowIfNull(panels);
        ArgumentNullException.ThrowIfNull(title);
        if (panels.Count == 0)
            throw new ArgumentException("A curves plot needs at least one panel.", nameof(panels));
        foreach (var panel in panels)
        {
            ArgumentNullException.ThrowIfNull(panel, nameof(panels));
            foreach (var series in panel.Series)
                if (series.X.Length != series.Y.Length)
                    throw new ArgumentException(
                        $"Series '{series.Name}' in panel '{panel.Title}' has {series.X.Length} x values but {series.Y.Length} y values.",
                        nameof(panels));
        }

        var canvas = new Canvas(ImageWidth, HeaderHeight + PanelHeight * panels.Count, Rgb.White);
        canvas.DrawTextCentered(ImageWidth / 2, 12, title, Rgb.Black, scale: 2);
        for (int p = 0; p < panels.Count; p++)
            DrawPanel(canvas, panels[p], HeaderHeight + p * PanelHeight);
        return canvas;
    }

    private static void DrawPanel(Canvas canvas, PlotPanel panel, int top)
    {
        var axes = new Axes(canvas, PlotLeft, top + PlotTopInset, ImageWidth - PlotLeft - PlotRight, PanelHeight - PlotTopInset - PlotBottomInset);
        var (xMin, xMax) = Range(panel.Series, s => s.X);
        var (yMin, yMax) = Range(panel.Series, s => s.Y);
        (yMin, yMax) = Axes.Pad(yMin, yMax, 0.05);
        axes.SetLimits(xMin, xMax, yMin, yMax);

        axes.DrawGrid(Rgb.LightGray);
        var legend = new List<LegendEntry>();
        for (int i = 0; i < panel.Series.Count; i++)
        {
            var series = panel.Series[i];
            Rgb color = series.Color ?? Rgb.Cycle(i);
            axes.DrawPolyline(series.X, series.Y, color, thickness: 2);
            legend.Add(new(series.Name, color));
        }
        axes.DrawFrame(Rgb.DarkGray);
        axes.DrawTicks(Rgb.DarkGray, maxXTicks: 10, maxYTicks: 5);
        axes.DrawTitle(panel.Title, Rgb.Black);
        axes.DrawXLabel("iteration", Rgb.DarkGray);
        if (panel.YLabel is { } yLabel)
            axes.DrawYLabel(yLabel, Rgb.DarkGray, offset: 74);
        int legendWidth = Legend.Measure(legend).Width;
        Legend.Draw(canvas, axes.Left + axes.Width - legendWidth - 6, axes.Top + 6, legend, LegendSymbol.Line);
    }

    /// <summary>Finite range of one coordinate over all series; (NaN, NaN) when there is no finite value.</summary>
    private static (double Min, double Max) Range(IReadOnlyList<PlotSeries> series, Func<PlotSeries, double[]> coordinate)
    {
        double min = double.NaN, max = double.NaN;
        foreach (var s in series)
        {
            var (lo, hi) = Axes.FiniteRange(coordinate(s));
            if (double.IsNaN(lo))
                continue;
            min = double.IsNaN(min) ? lo : Math.Min(min, lo);
            max = double.IsNaN(max) ? hi : Math.Max(max, hi);
        }
        return (min, max);
    }
}
