using System.Globalization;

namespace Engine.Gan.Plots;

/// <summary>
/// One panel of curves with a marker at every point, a legend and axis titles; with <see cref="Render"/>'s
/// <c>logY</c> the y-axis is log10 with ticks at powers of ten (non-positive values are left out).
/// </summary>
public static class LinePlot
{
    /// <summary>Image width in pixels.</summary>
    public const int ImageWidth = 760;

    /// <summary>Image height in pixels.</summary>
    public const int ImageHeight = 520;

    private const int PlotLeft = 84, PlotTop = 50, PlotRight = 24, PlotBottom = 56;

    /// <summary>Draws the figure and writes it to <paramref name="path"/> as a PNG (atomically).</summary>
    /// <inheritdoc cref="Render"/>
    public static void Save(string path, IReadOnlyList<PlotSeries> series, string title, string xLabel, string yLabel, bool logY) =>
        Render(series, title, xLabel, yLabel, logY).Save(path);

    /// <summary>Draws the curves on a new <see cref="ImageWidth"/> x <see cref="ImageHeight"/> canvas.</summary>
    /// <param name="series">Curves in legend order; each X and Y of equal length.</param>
    /// <param name="title">Figure title.</param>
    /// <param name="xLabel">x-axis title.</param>
    /// <param name="yLabel">y-axis title.</param>
    /// <param name="logY">Plot log10(y) and label ticks as powers of ten.</param>
    /// <exception cref="ArgumentException">A series' X and Y differ in length.</exception>
    public static Canvas Render(IReadOnlyList<PlotSeries> series, string title, string xLabel, string yLabel, bool logY)
    {
        ArgumentNullException.ThrowIfNull(series);
        foreach (var s in series)
            if (s.X.Length != s.Y.Length)
                throw new ArgumentException($"Series '{s.Name}' has {s.X.Length} x values but {s.Y.Length} y values.", nameof(series));
        var shown = series.Select(s => logY ? s with { Y = s.Y.Select(v => v > 0 ? Math.Log10(v) : double.NaN).ToArray() } : s).ToList();

        var canvas = new Canvas(ImageWidth, ImageHeight, Rgb.White);
        var axes = new Axes(canvas, PlotLeft, PlotTop, ImageWidth - PlotLeft - PlotRight, ImageHeight - PlotTop - PlotBottom);
        var (xMin, xMax) = Range(shown.Select(s => s.X));
        var (yMin, yMax) = Range(shown.Select(s => s.Y));
        (xMin, xMax) = Axes.Pad(xMin, xMax, 0.03);
        (yMin, yMax) = logY && double.IsFinite(yMin) ? (Math.Floor(yMin), Math.Ceiling(yMax)) : Axes.Pad(yMin, yMax, 0.05);
        axes.SetLimits(xMin, xMax, yMin, yMax);

        var legend = new List<LegendEntry>();
        DrawDecadeGrid(axes, logY);
        for (int i = 0; i < shown.Count; i++)
        {
            Rgb color = shown[i].Color ?? Rgb.Cycle(i);
            axes.DrawPolyline(shown[i].X, shown[i].Y, color, thickness: 2);
            axes.ClipToPlotArea();
            for (int k = 0; k < shown[i].X.Length; k++)
                canvas.FillCircle(axes.PixelX(shown[i].X[k]), axes.PixelY(shown[i].Y[k]), 3.2, color);
            canvas.ResetClip();
            legend.Add(new(shown[i].Name, color));
        }
        axes.DrawFrame(Rgb.DarkGray);
        if (logY)
            DrawLogTicks(axes);
        else
            axes.DrawTicks(Rgb.DarkGray);
        axes.DrawTitle(title, Rgb.Black, scale: 2);
        axes.DrawXLabel(xLabel, Rgb.DarkGray);
        axes.DrawYLabel(yLabel, Rgb.DarkGray, offset: 74);
        int legendWidth = Legend.Measure(legend).Width;
        Legend.Draw(canvas, axes.Left + axes.Width - legendWidth - 6, axes.Top + 6, legend, LegendSymbol.Line);
        return canvas;
    }

    /// <summary>The label of the tick at log10 value <paramref name="exponent"/>: "1", "10", "0.1" near one, "1e-20" otherwise.</summary>
    public static string PowerLabel(int exponent) => exponent switch
    {
        0 => "1",
        1 => "10",
        -1 => "0.1",
        _ => "1e" + exponent.ToString(CultureInfo.InvariantCulture),
    };

    private static void DrawDecadeGrid(Axes axes, bool logY)
    {
        if (!logY)
        {
            axes.DrawGrid(Rgb.LightGray);
            return;
        }
        foreach (double x in NiceTicks.Compute(axes.XMin, axes.XMax, 7))
            axes.Canvas.FillRect((int)axes.PixelX(x), axes.Top, 1, axes.Height, Rgb.LightGray);
        foreach (int e in Decades(axes))
            axes.Canvas.FillRect(axes.Left, (int)axes.PixelY(e), axes.Width, 1, Rgb.LightGray);
    }

    private static void DrawLogTicks(Axes axes)
    {
        double xStep = NiceTicks.Step(axes.XMin, axes.XMax, 7);
        foreach (double x in NiceTicks.Compute(axes.XMin, axes.XMax, 7))
        {
            int px = (int)axes.PixelX(x);
            axes.Canvas.FillRect(px, axes.Top + axes.Height, 1, 4, Rgb.DarkGray);
            axes.Canvas.DrawTextCentered(px, axes.Top + axes.Height + 6, NiceTicks.Format(x, xStep), Rgb.DarkGray);
        }
        foreach (int e in Decades(axes))
        {
            int py = (int)axes.PixelY(e);
            axes.Canvas.FillRect(axes.Left - 5, py, 4, 1, Rgb.DarkGray);
            string label = PowerLabel(e);
            axes.Canvas.DrawText(axes.Left - 7 - Canvas.MeasureText(label).Width, py - 3, label, Rgb.DarkGray);
        }
    }

    /// <summary>Integer exponents inside the y limits that are multiples of the smallest step giving at most 9 ticks (so 1 is a tick when in range).</summary>
    private static IEnumerable<int> Decades(Axes axes)
    {
        int lo = (int)Math.Ceiling(axes.YMin - 1e-9), hi = (int)Math.Floor(axes.YMax + 1e-9);
        int step = 1;
        while ((int)Math.Floor((double)hi / step) - (int)Math.Ceiling((double)lo / step) + 1 > 9) step++;
        for (int e = (int)Math.Floor((double)hi / step) * step; e >= lo; e -= step)
            yield return e;
    }

    private static (double Min, double Max) Range(IEnumerable<double[]> coordinates)
    {
        double min = double.NaN, max = double.NaN;
        foreach (var values in coordinates)
        {
            var (lo, hi) = Axes.FiniteRange(values);
            if (double.IsNaN(lo))
                continue;
            min = double.IsNaN(min) ? lo : Math.Min(min, lo);
            max = double.IsNaN(max) ? hi : Math.Max(max, hi);
        }
        return (min, max);
    }
}
