namespace Engine.Gan.Metrics;

/// <summary>
/// The Frechet distance between two Gaussians fitted to feature sets (the quantity behind FID):
/// FD = |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr sqrt(sqrt(S1) S2 sqrt(S1)). The symmetric form equals
/// tr sqrt(S1 S2) but needs only square roots of symmetric positive semi-definite matrices
/// (by <see cref="SymmetricEigen"/>), so it stays real and finite for singular covariances.
/// </summary>
public static class FrechetDistance
{
    /// <summary>FD between row-major feature sets a [n, d] and b [m, d] (covariances with the n - 1 divisor, as numpy.cov).</summary>
    public static double FromFeatures(double[] a, double[] b, int dim)
    {
        var (mu1, s1) = Statistics(a, dim);
        var (mu2, s2) = Statistics(b, dim);
        return FromStatistics(mu1, s1, mu2, s2);
    }

    /// <summary>FD between N(mu1, S1) and N(mu2, S2); covariances row-major d x d.</summary>
    public static double FromStatistics(double[] mu1, double[] s1, double[] mu2, double[] s2)
    {
        var d = mu1.Length;
        if (d < 1 || mu2.Length != d || s1.Length != d * d || s2.Length != d * d)
            throw new ArgumentException($"frechet distance: means of {mu1.Length} and {mu2.Length} and covariances of {s1.Length} and {s2.Length} values do not describe two {d}-dim Gaussians");
        var meanTerm = 0.0;
        for (var i = 0; i < d; i++) meanTerm += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]);
        var root1 = SymmetricEigen.Sqrt(s1, d);
        var m = Multiply(Multiply(root1, s2, d), root1, d);
        var (values, _) = SymmetricEigen.Decompose(m, d);
        var traceRoot = values.Sum(v => Math.Sqrt(Math.Max(v, 0)));
        var fd = meanTerm + Trace(s1, d) + Trace(s2, d) - 2 * traceRoot;
        // Rounding can leave a tiny negative value for identical inputs; the distance itself is >= 0.
        return Math.Max(fd, 0);
    }

    /// <summary>Mean [d] and covariance [d, d] (divisor n - 1) of row-major samples [n, d].</summary>
    public static (double[] Mean, double[] Covariance) Statistics(double[] x, int dim)
    {
        if (dim < 1 || x.Length % dim != 0 || x.Length / dim < 2)
            throw new ArgumentException($"frechet distance: {x.Length} values are not at least 2 samples of dim {dim}");
        var n = x.Length / dim;
        var mean = new double[dim];
        for (var i = 0; i < n; i++)
            for (var k = 0; k < dim; k++) mean[k] += x[i * dim + k];
        for (var k = 0; k < dim; k++) mean[k] /= n;
        var cov = new double[dim * dim];
        var centered = new double[dim];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < dim; k++) centered[k] = x[i * dim + k] - mean[k];
            for (var j = 0; j < dim; j++)
            {
                var cj = centered[j];
                if (cj == 0) continue;
                for (var k = j; k < dim; k++) cov[j * dim + k] += cj * centered[k];
            }
        }
        for (var j = 0; j < dim; j++)
            for (var k = j; k < dim; k++) cov[k * dim + j] = cov[j * dim + k] /= n - 1;
        return (mean, cov);
    }

    private static double Trace(double[] a, int n)
    {
        var t = 0.0;
        for (var i = 0; i < n; i++) t += a[i * n + i];
        return t;
    }

    private static double[] Multiply(double[] a, double[] b, int n)
    {
        var c = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var k = 0; k < n; k++)
            {
                var aik = a[i * n + k];
                if (aik == 0) continue;
                for (var j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
            }
        return c;
    }
}
