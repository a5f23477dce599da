namespace Engine.Gan.Plots;

/// <summary>One panel of a <see cref="HistogramPlot"/>.</summary>
/// <param name="Title">Text above the panel.</param>
/// <param name="Histogram">The bins to draw.</param>
/// <param name="Color">Bar colour.</param>
/// <param name="XLabel">x-axis title.</param>
/// <param name="YLabel">y-axis title; the bars are percentages of all values given.</param>
public sealed record HistogramPanel(string Title, Histogram Histogram, Rgb Color, string XLabel, string YLabel = "% of values");

/// <summary>Vertically stacked bar charts, each bar the share of values (in percent) in one bin.</summary>
public static class HistogramPlot
{
    /// <summary>Width of each plot area in pixels.</summary>
    public const int PlotWidth = 640;

    /// <summary>Height of each plot area in pixels.</summary>
    public const int PlotHeight = 200;

    /// <summary>Draws the figure and writes it to <paramref name="path"/> as a PNG (atomically).</summary>
    /// <inheritdoc cref="Render"/>
    public static void Save(string path, IReadOnlyList<HistogramPanel> panels, string title) => Render(panels, title).Save(path);

    /// <summary>Draws the panels from top to bottom under <paramref name="title"/>.</summary>
    /// <exception cref="ArgumentException">There are no panels.</exception>
    public static Canvas Render(IReadOnlyList<HistogramPanel> panels, string title)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0)
            throw new ArgumentException("A histogram plot needs at least one panel.", nameof(panels));
        var grid = new PanelGrid(panels.Count, 1, PlotWidth, PlotHeight, title, new PanelMargins(76, 30, 24, 46));
        for (int i = 0; i < panels.Count; i++)
            DrawPanel(grid[i, 0], panels[i]);
        return grid.Canvas;
    }

    /// <summary>Draws <paramref name="panel"/>'s bars, frame, ticks and titles into <paramref name="axes"/>.</summary>
    public static void DrawPanel(Axes axes, HistogramPanel panel)
    {
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(panel);
        var h = panel.Histogram;
        double total = Math.Max(1, h.Total + h.Outside);
        double peak = h.Counts.DefaultIfEmpty(0).Max() / total * 100;
        axes.SetLimits(h.Min, h.Max, 0, peak > 0 ? peak * 1.08 : 1);
        axes.DrawGrid(Rgb.LightGray);
        for (int bin = 0; bin < h.Counts.Length; bin++)
        {
            if (h.Counts[bin] == 0)
                continue;
            int left = (int)Math.Round(axes.PixelX(h.BinLeft(bin)));
            int right = Math.Max(left + 1, (int)Math.Round(axes.PixelX(h.BinLeft(bin + 1))) - (h.Counts.Length <= 100 ? 1 : 0));
            int top = (int)Math.Round(axes.PixelY(h.Counts[bin] / total * 100));
            axes.Canvas.FillRect(left, top, right - left, axes.Top + axes.Height - top, panel.Color);
        }
        axes.DrawFrame(Rgb.DarkGray);
        axes.DrawTicks(Rgb.DarkGray, maxXTicks: 9, maxYTicks: 5);
        axes.DrawTitle(panel.Title, Rgb.Black);
        axes.DrawXLabel(panel.XLabel, Rgb.DarkGray);
        axes.DrawYLabel(panel.YLabel, Rgb.DarkGray, offset: 66);
    }
}
