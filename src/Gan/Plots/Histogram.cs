namespace Engine.Gan.Plots;

/// <summary>Counts of values in equal-width bins over [<see cref="Min"/>, <see cref="Max"/>]; the last bin includes <see cref="Max"/>.</summary>
public sealed class Histogram
{
    private Histogram(double min, double max, long[] counts, long outside) => (Min, Max, Counts, Outside) = (min, max, counts, outside);

    /// <summary>Left edge of the first bin.</summary>
    public double Min { get; }

    /// <summary>Right edge of the last bin.</summary>
    public double Max { get; }

    /// <summary>Values per bin.</summary>
    public long[] Counts { get; }

    /// <summary>Finite values that fell outside [Min, Max]; non-finite values are ignored.</summary>
    public long Outside { get; }

    /// <summary>Width of one bin.</summary>
    public double BinWidth => (Max - Min) / Counts.Length;

    /// <summary>Values counted in bins.</summary>
    public long Total => Counts.Sum();

    /// <summary>Left edge of bin <paramref name="bin"/>.</summary>
    public double BinLeft(int bin) => Min + bin * BinWidth;

    /// <summary>Bins <paramref name="values"/> into <paramref name="bins"/> equal bins over [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="ArgumentException">Fewer than one bin, or the range is not finite and increasing.</exception>
    public static Histogram Create(ReadOnlySpan<double> values, double min, double max, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (!(double.IsFinite(min) && double.IsFinite(max) && max > min))
            throw new ArgumentException($"Histogram range must be finite and increasing, got [{min}, {max}].", nameof(max));
        var counts = new long[bins];
        long outside = 0;
        foreach (double v in values)
        {
            if (!double.IsFinite(v))
                continue;
            if (v < min || v > max)
            {
                outside++;
                continue;
            }
            counts[Math.Min(bins - 1, (int)((v - min) / (max - min) * bins))]++;
        }
        return new Histogram(min, max, counts, outside);
    }
}
