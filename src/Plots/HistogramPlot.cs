using ScottPlot;

namespace Engine.Plots;

/// <summary>Vertically stacked bar charts, one bar per bin, under one title.</summary>
public static class HistogramPlot
{
    /// <summary>Image width in pixels.</summary>
    public const int ImageWidth = 780;

    /// <summary>Height of each panel, axes and title included, in pixels.</summary>
    public const int PanelHeight = 290;

    /// <summary>Height of the band holding the figure title, in pixels.</summary>
    public const int HeaderHeight = FigureStyle.HeaderHeight;

    private static readonly PixelPadding PanelPadding = new(left: 80, right: 24, bottom: 46, top: 30);

    /// <summary>Draws the figure and writes it to <paramref name="path"/> as a PNG (atomically).</summary>
    /// <inheritdoc cref="Render"/>
    public static void Save(string path, IReadOnlyList<HistogramPanel> panels, string title) => PngFile.Write(path, Render(panels, title));

    /// <summary>Draws the panels from top to bottom under <paramref name="title"/>, as a PNG <see cref="ImageWidth"/> wide and <see cref="HeaderHeight"/> + <see cref="PanelHeight"/> per panel high.</summary>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentException">There are no panels, or a panel's edges are not one more than its heights, or not finite and increasing.</exception>
    public static byte[] Render(IReadOnlyList<HistogramPanel> panels, string title)
    {
        ArgumentNullException.ThrowIfNull(panels);
        ArgumentNullException.ThrowIfNull(title);
        if (panels.Count == 0)
            throw new ArgumentException("A histogram plot needs at least one panel.", nameof(panels));
        foreach (var panel in panels)
            Validate(panel);
        var plots = panels.Select(Panel).ToList();
        return FigureImage.Png(plots, panels.Count, 1, title, ImageWidth, HeaderHeight + PanelHeight * panels.Count);
    }

    private static Plot Panel(HistogramPanel panel)
    {
        var plot = FigureStyle.NewPlot();
        var color = Color.FromHex(panel.Color);
        var bars = new List<Bar>(panel.Heights.Length);
        for (int k = 0; k < panel.Heights.Length; k++)
            if (panel.Heights[k] > 0)
                bars.Add(new Bar
                {
                    Position = (panel.Edges[k] + panel.Edges[k + 1]) / 2,
                    Value = panel.Heights[k],
                    Size = (panel.Edges[k + 1] - panel.Edges[k]) * 0.92,
                    FillColor = color,
                    LineWidth = 0,
                });
        plot.Add.Bars(bars);
        double peak = panel.Heights.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        plot.Axes.SetLimits(panel.Edges[0], panel.Edges[^1], 0, peak > 0 ? peak * 1.08 : 1);
        plot.Title(panel.Title, FigureStyle.PanelTitleSize);
        plot.XLabel(panel.XLabel, FigureStyle.LabelSize);
        plot.YLabel(panel.YLabel, FigureStyle.LabelSize);
        plot.Layout.Fixed(PanelPadding);
        return plot;
    }

    private static void Validate(HistogramPanel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (panel.Edges.Length != panel.Heights.Length + 1)
            throw new ArgumentException(
                $"Histogram panel '{panel.Title}' has {panel.Edges.Length} edges for {panel.Heights.Length} bins; expected {panel.Heights.Length + 1}.", nameof(panel));
        for (int k = 0; k + 1 < panel.Edges.Length; k++)
            if (!(double.IsFinite(panel.Edges[k]) && double.IsFinite(panel.Edges[k + 1]) && panel.Edges[k + 1] > panel.Edges[k]))
                throw new ArgumentException($"Histogram panel '{panel.Title}': edges must be finite and increasing, got {panel.Edges[k]} then {panel.Edges[k + 1]}.", nameof(panel));
    }
}
