using ScottPlot;

namespace Engine.Plots;

/// <summary>A figure of vertically stacked line-plot panels over a shared x-axis titled "iteration" (losses over training).</summary>
public static class CurvesPlot
{
    /// <summary>Image width in pixels.</summary>
    public const int ImageWidth = 820;

    /// <summary>Height of each panel in pixels.</summary>
    public const int PanelHeight = 210;

    /// <summary>Height of the band holding the figure title, in pixels.</summary>
    public const int HeaderHeight = FigureStyle.HeaderHeight;

    // Every panel's data area gets the same padding, so the panels line up whatever their tick labels' widths.
    private static readonly PixelPadding PanelPadding = new(left: 90, right: 24, bottom: 26, top: 30);

    // The bottom panel also holds the x-axis title.
    private static readonly PixelPadding LastPanelPadding = new(left: 90, right: 24, bottom: 44, top: 30);

    private const int DotsUpTo = 60;

    /// <summary>Draws the figure and writes it to <paramref name="path"/> as a PNG (atomically).</summary>
    /// <inheritdoc cref="Render"/>
    public static void Save(string path, IReadOnlyList<PlotPanel> panels, string title) => PngFile.Write(path, Render(panels, title));

    /// <summary>Draws the figure as a PNG <see cref="ImageWidth"/> wide and <see cref="HeaderHeight"/> + <see cref="PanelHeight"/> per panel high.</summary>
    /// <param name="panels">Panels from top to bottom; at least one. A series' non-finite points break its line.</param>
    /// <param name="title">Figure title.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentException">There are no panels, or a series' X and Y differ in length.</exception>
    public static byte[] Render(IReadOnlyList<PlotPanel> panels, string title)
    {
        ArgumentNullException.ThrowIfNull(panels);
        ArgumentNullException.ThrowIfNull(title);
        if (panels.Count == 0)
            throw new ArgumentException("A curves plot needs at least one panel.", nameof(panels));
        foreach (var panel in panels)
        {
            ArgumentNullException.ThrowIfNull(panel, nameof(panels));
            SeriesLayer.Validate(panel.Series, $" in panel '{panel.Title}'", nameof(panels));
        }

        // One x range for all panels (evaluations start later than the losses), so a column of pixels is one iteration.
        var (dataMin, dataMax) = SeriesLayer.XRange(panels.SelectMany(p => p.Series));
        var (xMin, xMax) = DataRange.Padded(dataMin, dataMax, 0);
        var plots = panels.Select((panel, index) =>
        {
            var plot = FigureStyle.NewPlot();
            // A panel's title names its one curve; a legend only where curves share a panel. Dots where points are few (evaluations).
            SeriesLayer.Add(plot, panel.Series, markerSize: 6, legend: panel.Series.Count > 1, dotsUpTo: DotsUpTo);
            plot.Axes.SetLimitsX(xMin, xMax);
            plot.Title(panel.Title, FigureStyle.PanelTitleSize);
            if (index == panels.Count - 1)
                plot.XLabel("iteration", FigureStyle.LabelSize);
            if (panel.YLabel is { } yLabel)
                plot.YLabel(yLabel, FigureStyle.LabelSize);
            if (panel.Series.Count > 1)
                plot.ShowLegend(Alignment.UpperRight);
            plot.Layout.Fixed(index == panels.Count - 1 ? LastPanelPadding : PanelPadding);
            return plot;
        }).ToList();
        return FigureImage.Png(plots, panels.Count, 1, title, ImageWidth, HeaderHeight + PanelHeight * panels.Count);
    }
}
