namespace Engine.Plots;

/// <summary>Axis limits from data that may hold NaN, infinities, a single value or nothing at all.</summary>
internal static class DataRange
{
    /// <summary>The smallest and largest finite value over all <paramref name="values"/>; (NaN, NaN) when there is none.</summary>
    public static (double Min, double Max) Finite(IEnumerable<double> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in values)
            if (double.IsFinite(v))
                (min, max) = (Math.Min(min, v), Math.Max(max, v));
        return min <= max ? (min, max) : (double.NaN, double.NaN);
    }

    /// <summary>
    /// [min, max] grown by <paramref name="fraction"/> of its length on each side. Non-finite limits become [0, 1];
    /// equal limits are widened around their value, so an axis always has a length.
    /// </summary>
    public static (double Min, double Max) Padded(double min, double max, double fraction)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
            return (0, 1);
        if (!(max - min > Math.Max(Math.Abs(min), Math.Abs(max)) * 1e-12))
        {
            double half = min == 0 ? 1 : Math.Abs(min) * 0.1;
            return (min - half, max + half);
        }
        double margin = (max - min) * fraction;
        return (min - margin, max + margin);
    }

    /// <summary>
    /// The runs of consecutive points whose coordinates are both finite, as separate arrays: a curve is drawn as one
    /// line per run, so a NaN or an infinity breaks it instead of stretching the axes.
    /// </summary>
    public static IEnumerable<(double[] X, double[] Y)> FiniteRuns(double[] x, double[] y)
    {
        int start = 0;
        for (int i = 0; i <= x.Length; i++)
        {
            bool finite = i < x.Length && double.IsFinite(x[i]) && double.IsFinite(y[i]);
            if (finite)
                continue;
            if (i > start)
                yield return (x[start..i], y[start..i]);
            start = i + 1;
        }
    }
}
