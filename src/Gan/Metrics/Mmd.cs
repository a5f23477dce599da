namespace Engine.Gan.Metrics;

/// <summary>
/// Squared maximum mean discrepancy with an RBF kernel k(a, b) = exp(-||a - b||^2 / (2 s^2)), the
/// bandwidth s set to the median pairwise distance of the pooled samples (the median heuristic);
/// the unbiased estimator (Gretton et al. 2012), so it is near zero, and may dip below, for equal distributions.
/// </summary>
public static class Mmd
{
    /// <summary>MMD^2 between row-major samples x [n, d] and y [m, d].</summary>
    public static (double Mmd2, double Bandwidth) Squared(double[] x, double[] y, int dim)
    {
        if (dim < 1 || x.Length % dim != 0 || y.Length % dim != 0)
            throw new ArgumentException($"mmd: sample lengths {x.Length} and {y.Length} are not multiples of dim {dim}");
        int n = x.Length / dim, m = y.Length / dim;
        if (n < 2 || m < 2) throw new ArgumentException($"mmd: need at least 2 samples on each side, got {n} and {m}");
        var s = MedianDistance(x, y, dim);
        var gamma = 1 / (2 * s * s);
        double kxx = SumKernel(x, x, dim, gamma, skipDiagonal: true) / (n * (n - 1.0));
        double kyy = SumKernel(y, y, dim, gamma, skipDiagonal: true) / (m * (m - 1.0));
        double kxy = SumKernel(x, y, dim, gamma, skipDiagonal: false) / ((double)n * m);
        return (kxx + kyy - 2 * kxy, s);
    }

    private static double SumKernel(double[] a, double[] b, int dim, double gamma, bool skipDiagonal)
    {
        int n = a.Length / dim, m = b.Length / dim;
        var rows = new double[n];
        Parallel.For(0, n, i =>
        {
            var acc = 0.0;
            for (var j = 0; j < m; j++)
            {
                if (skipDiagonal && i == j) continue;
                acc += Math.Exp(-gamma * Distance2(a, i, b, j, dim));
            }
            rows[i] = acc;
        });
        return rows.Sum();
    }

    // The pairwise distances of the last call, kept for the next: an evaluation every few hundred
    // iterations would otherwise leave a 4 MiB array on the large-object heap each time, which only
    // a full collection frees, and the process's resident set would grow between those.
    private static double[]? _pairs;

    private static double MedianDistance(double[] x, double[] y, int dim)
    {
        var pooled = x.Concat(y).ToArray();
        var count = pooled.Length / dim;
        // Every pair of up to 1,000 pooled points: enough for a stable median, bounded cost.
        var stride = Math.Max(1, count / 1000);
        var points = (count + stride - 1) / stride;
        var pairs = Interlocked.Exchange(ref _pairs, null) is { } cached && cached.Length >= (long)points * (points - 1) / 2
            ? cached : new double[(long)points * (points - 1) / 2];
        var used = 0;
        for (var i = 0; i < count; i += stride)
            for (var j = i + stride; j < count; j += stride)
                pairs[used++] = Math.Sqrt(Distance2(pooled, i, pooled, j, dim));
        var d = pairs.AsSpan(0, used);
        d.Sort();
        var median = d[used / 2];
        _pairs = pairs;
        return median > 0 ? median : 1.0;
    }

    private static double Distance2(double[] a, int i, double[] b, int j, int dim)
    {
        var acc = 0.0;
        for (var k = 0; k < dim; k++)
        {
            var t = a[i * dim + k] - b[j * dim + k];
            acc += t * t;
        }
        return acc;
    }
}
