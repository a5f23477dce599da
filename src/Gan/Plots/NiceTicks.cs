using System.Globalization;

namespace Engine.Gan.Plots;

/// <summary>Round tick values (1, 2 or 5 times a power of ten) and their labels.</summary>
public static class NiceTicks
{
    /// <summary>
    /// The multiples of a round step that lie in [<paramref name="min"/>, <paramref name="max"/>], at most
    /// <paramref name="maxCount"/> of them. A constant range gives that one value; a non-finite range gives none.
    /// </summary>
    public static double[] Compute(double min, double max, int maxCount = 6)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || maxCount < 1)
            return [];
        if (min > max)
            (min, max) = (max, min);
        if (min == max)
            return [min];
        double step = Step(min, max, maxCount);
        double first = Math.Ceiling(min / step - 1e-9);
        double last = Math.Floor(max / step + 1e-9);
        var ticks = new List<double>();
        for (double k = first; k <= last && ticks.Count <= 2 * maxCount; k++)
        {
            double value = k * step;
            ticks.Add(Math.Abs(value) < step * 1e-9 ? 0 : value);  // no "-0" or 1e-17 labels
        }
        return [.. ticks];
    }

    /// <summary>The smallest round step (1, 2 or 5 x 10^k) that puts at most <paramref name="maxCount"/> ticks in [min, max].</summary>
    public static double Step(double min, double max, int maxCount)
    {
        double range = Math.Abs(max - min);
        if (!(range > 0) || !double.IsFinite(range))
            return 1;
        maxCount = Math.Max(maxCount, 1);
        (min, max) = (Math.Min(min, max), Math.Max(min, max));
        double power = Math.Pow(10, Math.Floor(Math.Log10(range / maxCount)));
        double step = power;
        for (int decade = 0; decade < 3; decade++, power *= 10)
            foreach (double multiple in (ReadOnlySpan<double>)[1, 2, 5])
            {
                step = multiple * power;
                if (Math.Floor(max / step + 1e-9) - Math.Ceiling(min / step - 1e-9) + 1 <= maxCount)
                    return step;
            }
        return step;
    }

    /// <summary>
    /// A short label for a tick <paramref name="value"/> on an axis whose ticks are <paramref name="step"/> apart:
    /// fixed-point with just enough decimals for moderate magnitudes, otherwise scientific such as "2.5e-05".
    /// </summary>
    public static string Format(double value, double step)
    {
        if (!double.IsFinite(value))
            return value.ToString(CultureInfo.InvariantCulture);
        double magnitude = Math.Max(Math.Abs(value), Math.Abs(step));
        if (value != 0 && (magnitude >= 1e6 || magnitude < 1e-3))
            return value.ToString("0.##e+00", CultureInfo.InvariantCulture);
        int decimals = step > 0 && double.IsFinite(step) ? Math.Clamp((int)-Math.Floor(Math.Log10(step) + 1e-9), 0, 6) : 3;
        return value.ToString("F" + decimals, CultureInfo.InvariantCulture);
    }
}
