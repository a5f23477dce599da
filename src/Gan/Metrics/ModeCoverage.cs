namespace Engine.Gan.Metrics;

/// <summary>Mode statistics of 2-D samples against a mixture's known modes.</summary>
/// <param name="ModesCovered">Modes with at least one high-quality sample.</param>
/// <param name="ModeCount">Modes in the mixture.</param>
/// <param name="HighQualityFraction">Share of samples within 3 std of their nearest mode.</param>
public sealed record ModeReport(int ModesCovered, int ModeCount, double HighQualityFraction);

/// <summary>
/// PacGAN's mode metrics (Lin et al. 2018): a sample is high quality when its distance to the
/// nearest mode is under 3 standard deviations of that mode; a mode is covered when at least one
/// high-quality sample falls to it.
/// </summary>
public static class ModeCoverage
{
    /// <summary>Measures <paramref name="samplesXY"/> (interleaved x, y) against <paramref name="centersXY"/> of common std <paramref name="std"/>.</summary>
    public static ModeReport Measure(ReadOnlySpan<double> samplesXY, ReadOnlySpan<double> centersXY, double std, double sigmas = 3.0)
    {
        if (samplesXY.Length % 2 != 0 || centersXY.Length % 2 != 0 || centersXY.Length == 0)
            throw new ArgumentException($"mode coverage: expected interleaved (x, y) pairs, got {samplesXY.Length} sample and {centersXY.Length} centre values");
        var modes = centersXY.Length / 2;
        var covered = new bool[modes];
        var good = 0;
        var n = samplesXY.Length / 2;
        for (var i = 0; i < n; i++)
        {
            double x = samplesXY[2 * i], y = samplesXY[2 * i + 1], best = double.PositiveInfinity;
            var nearest = -1;
            for (var m = 0; m < modes; m++)
            {
                double dx = x - centersXY[2 * m], dy = y - centersXY[2 * m + 1], d = dx * dx + dy * dy;
                if (d < best) (best, nearest) = (d, m);
            }
            if (nearest >= 0 && Math.Sqrt(best) < sigmas * std)
            {
                good++;
                covered[nearest] = true;
            }
        }
        return new ModeReport(covered.Count(c => c), modes, n == 0 ? 0 : (double)good / n);
    }
}
