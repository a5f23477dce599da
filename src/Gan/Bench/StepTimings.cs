namespace Engine.Gan.Bench;

/// <summary>Robust statistics of repeated timings in milliseconds.</summary>
/// <param name="Samples">Number of timed repetitions.</param>
/// <param name="MedianMs">The median.</param>
/// <param name="P10Ms">10th percentile (the spread's low end).</param>
/// <param name="P90Ms">90th percentile (the spread's high end).</param>
/// <param name="MinMs">The fastest repetition.</param>
public sealed record StepTimings(int Samples, double MedianMs, double P10Ms, double P90Ms, double MinMs)
{
    /// <summary>Statistics of <paramref name="ms"/> (at least one sample).</summary>
    public static StepTimings Of(IReadOnlyList<double> ms)
    {
        if (ms.Count == 0) throw new ArgumentException("timings: no samples");
        var sorted = ms.Order().ToArray();
        return new StepTimings(sorted.Length, Quantile(sorted, 0.5), Quantile(sorted, 0.1), Quantile(sorted, 0.9), sorted[0]);
    }

    /// <summary>Linear-interpolated quantile of sorted values.</summary>
    public static double Quantile(double[] sorted, double q)
    {
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
