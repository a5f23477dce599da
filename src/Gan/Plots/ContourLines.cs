namespace Engine.Gan.Plots;

/// <summary>One straight piece of an iso-line, in grid coordinates (x = column index, y = row index).</summary>
/// <param name="X0">Column coordinate of the first end.</param>
/// <param name="Y0">Row coordinate of the first end.</param>
/// <param name="X1">Column coordinate of the second end.</param>
/// <param name="Y1">Row coordinate of the second end.</param>
public readonly record struct ContourSegment(double X0, double Y0, double X1, double Y1);

/// <summary>Iso-lines of a sampled field by marching squares; cells with a non-finite corner are skipped.</summary>
public static class ContourLines
{
    /// <summary>The segments where the field <paramref name="values"/>[row, column] crosses <paramref name="level"/>.</summary>
    public static List<ContourSegment> Trace(double[,] values, double level)
    {
        ArgumentNullException.ThrowIfNull(values);
        var segments = new List<ContourSegment>();
        if (!double.IsFinite(level))
            return segments;
        Span<(double X, double Y)> crossings = stackalloc (double, double)[4];
        for (int i = 0; i + 1 < values.GetLength(0); i++)
            for (int j = 0; j + 1 < values.GetLength(1); j++)
            {
                // Corners counter-clockwise from bottom-left; edge k joins corner k to corner k + 1.
                double a = values[i, j], b = values[i, j + 1], c = values[i + 1, j + 1], d = values[i + 1, j];
                if (!(double.IsFinite(a) && double.IsFinite(b) && double.IsFinite(c) && double.IsFinite(d)))
                    continue;
                int count = 0;
                AddCrossing(crossings, ref count, a, b, level, j, i, j + 1, i);          // bottom
                AddCrossing(crossings, ref count, b, c, level, j + 1, i, j + 1, i + 1);  // right
                AddCrossing(crossings, ref count, c, d, level, j + 1, i + 1, j, i + 1);  // top
                AddCrossing(crossings, ref count, d, a, level, j, i + 1, j, i);          // left
                if (count == 2)
                    segments.Add(new(crossings[0].X, crossings[0].Y, crossings[1].X, crossings[1].Y));
                else if (count == 4)
                    AddSaddle(segments, crossings, a > level, (a + b + c + d) / 4 > level);
            }
        return segments;
    }

    /// <summary>
    /// All four edges are crossed (a saddle). Crossings are ordered bottom, right, top, left; pairing (bottom, right) and
    /// (top, left) cuts off corners b and d, the other pairing cuts off a and c. The cell-centre value picks the pairing
    /// that keeps the centre connected to the corners on its side.
    /// </summary>
    private static void AddSaddle(List<ContourSegment> segments, Span<(double X, double Y)> p, bool aAbove, bool centerAbove)
    {
        if (aAbove == centerAbove)
        {
            segments.Add(new(p[0].X, p[0].Y, p[1].X, p[1].Y));
            segments.Add(new(p[2].X, p[2].Y, p[3].X, p[3].Y));
        }
        else
        {
            segments.Add(new(p[3].X, p[3].Y, p[0].X, p[0].Y));
            segments.Add(new(p[1].X, p[1].Y, p[2].X, p[2].Y));
        }
    }

    private static void AddCrossing(
        Span<(double X, double Y)> crossings, ref int count, double v0, double v1, double level,
        double x0, double y0, double x1, double y1)
    {
        if (v0 > level == v1 > level)
            return;
        double t = (level - v0) / (v1 - v0);
        crossings[count++] = (x0 + t * (x1 - x0), y0 + t * (y1 - y0));
    }
}
