namespace Engine.Gan.Plots;

/// <summary>
/// A plot rectangle on a <see cref="Canvas"/> and the data limits it shows: maps data to pixels (y upward) and
/// draws the frame, ticks with labels, axis titles and polylines. Non-finite data is skipped, never thrown on.
/// </summary>
public sealed class Axes
{
    /// <summary>Places a plot area whose top-left pixel is (<paramref name="left"/>, <paramref name="top"/>); limits start at [0, 1] x [0, 1].</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 2 pixels.</exception>
    public Axes(Canvas canvas, int left, int top, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2);
        (Canvas, Left, Top, Width, Height) = (canvas, left, top, width, height);
    }

    /// <summary>The canvas drawn on.</summary>
    public Canvas Canvas { get; }

    /// <summary>Left edge of the plot area, in pixels.</summary>
    public int Left { get; }

    /// <summary>Top edge of the plot area, in pixels.</summary>
    public int Top { get; }

    /// <summary>Width of the plot area, in pixels.</summary>
    public int Width { get; }

    /// <summary>Height of the plot area, in pixels.</summary>
    public int Height { get; }

    /// <summary>Data x at the left edge.</summary>
    public double XMin { get; private set; }

    /// <summary>Data x at the right edge.</summary>
    public double XMax { get; private set; } = 1;

    /// <summary>Data y at the bottom edge.</summary>
    public double YMin { get; private set; }

    /// <summary>Data y at the top edge.</summary>
    public double YMax { get; private set; } = 1;

    /// <summary>Sets the data limits. Non-finite limits become [0, 1]; equal limits are widened around their value.</summary>
    public void SetLimits(double xMin, double xMax, double yMin, double yMax)
    {
        (XMin, XMax) = Widen(xMin, xMax);
        (YMin, YMax) = Widen(yMin, yMax);
    }

    /// <summary>The smallest and largest finite values; (NaN, NaN) when there are none.</summary>
    public static (double Min, double Max) FiniteRange(ReadOnlySpan<double> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in values)
            if (double.IsFinite(v))
                (min, max) = (Math.Min(min, v), Math.Max(max, v));
        return min <= max ? (min, max) : (double.NaN, double.NaN);
    }

    /// <summary>[min, max] grown by <paramref name="fraction"/> of its length on each side, after <see cref="SetLimits"/>'s repairs.</summary>
    public static (double Min, double Max) Pad(double min, double max, double fraction)
    {
        (min, max) = Widen(min, max);
        double margin = (max - min) * fraction;
        return (min - margin, max + margin);
    }

    /// <summary>Horizontal pixel coordinate of data x (fractional; pixel centres are at integer + 0.5).</summary>
    public double PixelX(double x) => Left + (x - XMin) / (XMax - XMin) * Width;

    /// <summary>Vertical pixel coordinate of data y, which grows upward.</summary>
    public double PixelY(double y) => Top + (YMax - y) / (YMax - YMin) * Height;

    /// <summary>Data x at the centre of pixel column <paramref name="px"/>.</summary>
    public double DataX(int px) => XMin + (px + 0.5 - Left) / Width * (XMax - XMin);

    /// <summary>Data y at the centre of pixel row <paramref name="py"/>.</summary>
    public double DataY(int py) => YMax - (py + 0.5 - Top) / Height * (YMax - YMin);

    /// <summary>Restricts drawing to the plot area until <see cref="Canvas.ResetClip"/>.</summary>
    public void ClipToPlotArea() => Canvas.SetClip(Left, Top, Width, Height);

    /// <summary>Draws a one-pixel frame just outside the plot area.</summary>
    public void DrawFrame(Rgb color) => Canvas.DrawRect(Left - 1, Top - 1, Width + 2, Height + 2, color);

    /// <summary>Draws faint lines across the plot area at the tick positions.</summary>
    public void DrawGrid(Rgb color, int maxTicks = 6)
    {
        foreach (double x in NiceTicks.Compute(XMin, XMax, maxTicks))
            Canvas.FillRect((int)PixelX(x), Top, 1, Height, color);
        foreach (double y in NiceTicks.Compute(YMin, YMax, maxTicks))
            Canvas.FillRect(Left, (int)PixelY(y), Width, 1, color);
    }

    /// <summary>Draws tick marks and numeric labels below the x-axis and left of the y-axis.</summary>
    public void DrawTicks(Rgb color, int maxXTicks = 7, int maxYTicks = 6)
    {
        double xStep = NiceTicks.Step(XMin, XMax, maxXTicks);
        foreach (double x in NiceTicks.Compute(XMin, XMax, maxXTicks))
        {
            int px = (int)PixelX(x);
            Canvas.FillRect(px, Top + Height, 1, 4, color);
            Canvas.DrawTextCentered(px, Top + Height + 6, NiceTicks.Format(x, xStep), color);
        }
        double yStep = NiceTicks.Step(YMin, YMax, maxYTicks);
        foreach (double y in NiceTicks.Compute(YMin, YMax, maxYTicks))
        {
            int py = (int)PixelY(y);
            Canvas.FillRect(Left - 5, py, 4, 1, color);
            string label = NiceTicks.Format(y, yStep);
            Canvas.DrawText(Left - 7 - Canvas.MeasureText(label).Width, py - 3, label, color);
        }
    }

    /// <summary>Draws <paramref name="title"/> centred above the plot area.</summary>
    public void DrawTitle(string title, Rgb color, int scale = 1) =>
        Canvas.DrawTextCentered(Left + Width / 2, Top - 8 - 7 * scale, title, color, scale);

    /// <summary>Draws the x-axis title centred below the tick labels.</summary>
    public void DrawXLabel(string label, Rgb color) => Canvas.DrawTextCentered(Left + Width / 2, Top + Height + 19, label, color);

    /// <summary>Draws the y-axis title reading upward, <paramref name="offset"/> pixels left of the plot area.</summary>
    public void DrawYLabel(string label, Rgb color, int offset = 56) =>
        Canvas.DrawTextUpward(Left - offset, Top + (Height + Canvas.MeasureText(label).Width) / 2, label, color);

    /// <summary>Joins consecutive points with straight segments, clipped to the plot area; a non-finite point breaks the line.</summary>
    /// <exception cref="ArgumentException">The coordinate arrays differ in length.</exception>
    public void DrawPolyline(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Rgb color, int thickness = 1)
    {
        if (x.Length != y.Length)
            throw new ArgumentException($"Polyline has {x.Length} x values but {y.Length} y values.", nameof(y));
        ClipToPlotArea();
        for (int i = 0; i < x.Length; i++)
        {
            double px = PixelX(x[i]), py = PixelY(y[i]);
            bool lone = i == 0 || !double.IsFinite(x[i - 1]) || !double.IsFinite(y[i - 1]);
            if (lone)
                Canvas.DrawLine(px, py, px, py, color, thickness);  // a point with no finite predecessor still shows
            else
                Canvas.DrawLine(PixelX(x[i - 1]), PixelY(y[i - 1]), px, py, color, thickness);
        }
        Canvas.ResetClip();
    }

    private static (double Min, double Max) Widen(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
            return (0, 1);
        if (min > max)
            (min, max) = (max, min);
        if (max - min > Math.Max(Math.Abs(min), Math.Abs(max)) * 1e-12)
            return (min, max);
        double half = min == 0 ? 1 : Math.Abs(min) * 0.1;
        return (min - half, max + half);
    }
}
