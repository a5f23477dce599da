namespace Engine.Gan.Plots;

/// <summary>A field sampled on a regular grid over [-extent, extent]^2 (row i at y, column j at x), read by bilinear interpolation.</summary>
internal sealed class GridField
{
    private readonly int _rows, _columns;
    private readonly double _extent;

    /// <summary>Wraps <paramref name="values"/> (at least 2 x 2) spanning [-<paramref name="extent"/>, <paramref name="extent"/>] on both axes.</summary>
    public GridField(double[,] values, double extent)
    {
        Values = values;
        (_rows, _columns, _extent) = (values.GetLength(0), values.GetLength(1), extent);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in values)
            if (double.IsFinite(v))
                (min, max) = (Math.Min(min, v), Math.Max(max, v));
        Range = min <= max ? (min, max) : (double.NaN, double.NaN);
    }

    /// <summary>The grid values, [row, column].</summary>
    public double[,] Values { get; }

    /// <summary>Smallest and largest finite value; (NaN, NaN) when none is finite.</summary>
    public (double Min, double Max) Range { get; }

    /// <summary>Data coordinates of a fractional (column, row) grid position.</summary>
    public (double X, double Y) GridToData(double column, double row) =>
        (-_extent + column * 2 * _extent / (_columns - 1), -_extent + row * 2 * _extent / (_rows - 1));

    /// <summary>The bilinearly interpolated value at data point (x, y), clamped to the grid; NaN if a neighbour is non-finite.</summary>
    public double Sample(double x, double y)
    {
        double gx = Math.Clamp((x + _extent) / (2 * _extent) * (_columns - 1), 0, _columns - 1);
        double gy = Math.Clamp((y + _extent) / (2 * _extent) * (_rows - 1), 0, _rows - 1);
        int j = Math.Min((int)gx, _columns - 2), i = Math.Min((int)gy, _rows - 2);
        double fx = gx - j, fy = gy - i;
        double bottom = Values[i, j] * (1 - fx) + Values[i, j + 1] * fx;
        double top = Values[i + 1, j] * (1 - fx) + Values[i + 1, j + 1] * fx;
        return bottom * (1 - fy) + top * fy;
    }
}
