using System.Globalization;
using ScottPlot;

namespace Engine.Plots;

/// <summary>
/// One panel of curves with a dot at every point, a legend and axis titles; with <see cref="Render"/>'s <c>logY</c> the
/// y-axis is log10, with ticks at whole powers of ten and minor ticks between them (non-positive values are left out).
/// </summary>
public static class LinePlot
{
    /// <summary>Image width in pixels.</summary>
    public const int ImageWidth = 780;

    /// <summary>Image height in pixels.</summary>
    public const int ImageHeight = 540;

    /// <summary>Draws the figure and writes it to <paramref name="path"/> as a PNG (atomically).</summary>
    /// <inheritdoc cref="Render"/>
    public static void Save(string path, IReadOnlyList<PlotSeries> series, string title, string xLabel, string yLabel, bool logY) =>
        PngFile.Write(path, Render(series, title, xLabel, yLabel, logY));

    /// <summary>Draws the curves as an <see cref="ImageWidth"/> x <see cref="ImageHeight"/> PNG.</summary>
    /// <param name="series">Curves in legend order; each X and Y of equal length.</param>
    /// <param name="title">Figure title.</param>
    /// <param name="xLabel">x-axis title.</param>
    /// <param name="yLabel">y-axis title.</param>
    /// <param name="logY">Plot log10(y) and label ticks as powers of ten.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentException">A series' X and Y differ in length.</exception>
    public static byte[] Render(IReadOnlyList<PlotSeries> series, string title, string xLabel, string yLabel, bool logY)
    {
        ArgumentNullException.ThrowIfNull(series);
        SeriesLayer.Validate(series, "", nameof(series));
        var shown = logY ? series.Select(s => s with { Y = s.Y.Select(v => v > 0 ? Math.Log10(v) : double.NaN).ToArray() }).ToList() : series;

        var plot = FigureStyle.NewPlot();
        SeriesLayer.Add(plot, shown, markerSize: 7, legend: true, xPad: 0.03);
        if (logY)
        {
            var limits = plot.Axes.GetLimits();
            plot.Axes.SetLimitsY(Math.Floor(limits.Bottom), Math.Ceiling(limits.Top));
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                IntegerTicksOnly = true,
                LabelFormatter = v => PowerLabel((int)Math.Round(v)),
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            };
        }
        if (series.All(s => s.X.All(x => !double.IsFinite(x) || x == Math.Round(x))))
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };  // layers, iterations: no 1.5
        plot.Title(title, FigureStyle.TitleSize);
        plot.XLabel(xLabel, FigureStyle.LabelSize);
        plot.YLabel(yLabel, FigureStyle.LabelSize);
        plot.ShowLegend(Edge.Right);  // beside the data: the curves of a gradient-norm figure fill every corner
        return FigureImage.Png(plot, ImageWidth, ImageHeight);
    }

    /// <summary>The label of the tick at log10 value <paramref name="exponent"/>: "1", "10", "0.1" near one, "1e-20" otherwise.</summary>
    public static string PowerLabel(int exponent) => exponent switch
    {
        0 => "1",
        1 => "10",
        -1 => "0.1",
        _ => "1e" + exponent.ToString(CultureInfo.InvariantCulture),
    };
}
