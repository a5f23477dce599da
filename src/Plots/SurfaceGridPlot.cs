namespace Engine.Plots;

/// <summary>
/// Value surfaces in a rows x columns grid under one title (the paper's Figure 1a: one row per constraint, one column per
/// data set); each panel is coloured over its own range and has its own iso-lines.
/// </summary>
public static class SurfaceGridPlot
{
    /// <summary>Width of one panel, axes and title included, in pixels.</summary>
    public const int PanelWidth = 380;

    /// <summary>Height of one panel, axes and title included, in pixels.</summary>
    public const int PanelHeight = 390;

    /// <summary>Height of the band holding the figure title, in pixels.</summary>
    public const int HeaderHeight = FigureStyle.HeaderHeight;

    private const int ContourLevels = 12;

    /// <summary>Draws the figure and writes it to <paramref name="path"/> as a PNG (atomically).</summary>
    /// <inheritdoc cref="Render"/>
    public static void Save(string path, IReadOnlyList<SurfacePanel> panels, int columns, string title) =>
        PngFile.Write(path, Render(panels, columns, title));

    /// <summary>
    /// Draws the panels row by row, <paramref name="columns"/> to a row, as a PNG of <paramref name="columns"/> x
    /// <see cref="PanelWidth"/> by <see cref="HeaderHeight"/> + rows x <see cref="PanelHeight"/> pixels.
    /// </summary>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentException">There are no panels, fewer than one column, or a panel's field or samples are malformed.</exception>
    public static byte[] Render(IReadOnlyList<SurfacePanel> panels, int columns, string title)
    {
        ArgumentNullException.ThrowIfNull(panels);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (panels.Count == 0)
            throw new ArgumentException("A surface grid needs at least one panel.", nameof(panels));
        var plots = panels.Select(panel =>
        {
            ArgumentNullException.ThrowIfNull(panel, nameof(panels));
            SurfaceLayer.Validate(panel.Values, panel.Extent, $"panel '{panel.Title}' values");
            SurfaceLayer.ValidatePairs(panel.RealXY, $"panel '{panel.Title}' RealXY");
            var plot = FigureStyle.NewPlot();
            SurfaceLayer.AddField(plot, panel.Values, panel.Extent, ContourLevels);
            SurfaceLayer.AddPoints(plot, panel.RealXY, Palette.Orange, "real", 3);
            plot.Title(panel.Title, FigureStyle.PanelTitleSize);
            return plot;
        }).ToList();
        int rows = (panels.Count + columns - 1) / columns;
        return FigureImage.Png(plots, rows, columns, title, columns * PanelWidth, HeaderHeight + rows * PanelHeight);
    }
}
