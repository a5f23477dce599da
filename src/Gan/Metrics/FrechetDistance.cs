using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Engine.Gan.Metrics;

/// <summary>
/// The Frechet distance between two Gaussians fitted to feature sets (the quantity behind FID):
/// FD = |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr sqrt(sqrt(S1) S2 sqrt(S1)). The symmetric form equals
/// tr sqrt(S1 S2) but needs only square roots of symmetric positive semi-definite matrices
/// (MathNet.Numerics' symmetric eigendecomposition), so it stays real and finite for singular covariances.
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
        var sigma1 = Matrix<double>.Build.Dense(d, d, (i, j) => s1[i * d + j]);
        var sigma2 = Matrix<double>.Build.Dense(d, d, (i, j) => s2[i * d + j]);
        var root1 = SymmetricSqrt(sigma1);
        var m = root1 * sigma2 * root1;
        var traceRoot = RootsOfEigenvalues(m).Sum();
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

    /// <summary>The symmetric square root V sqrt(L) V^T of a symmetric positive semi-definite matrix.</summary>
    private static Matrix<double> SymmetricSqrt(Matrix<double> a)
    {
        var evd = a.Evd(Symmetricity.Symmetric);
        var root = Vector<double>.Build.DenseOfArray(RootsOfEigenvalues(evd));
        return evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalVector(root) * evd.EigenVectors.Transpose();
    }

    private static double[] RootsOfEigenvalues(Matrix<double> a) => RootsOfEigenvalues(a.Evd(Symmetricity.Symmetric));

    /// <summary>
    /// sqrt of each eigenvalue of a symmetric PSD matrix. Eigenvalues below the rounding level
    /// (n * eps * the largest) are zero in exact arithmetic, e.g. a feature that never fires; the
    /// square root would blow their rounding noise of 1e-16 up to 1e-8, so they count as zero.
    /// </summary>
    private static double[] RootsOfEigenvalues(Evd<double> evd)
    {
        var values = evd.EigenValues.Select(v => v.Real).ToArray();
        var floor = values.Length * 2.2e-16 * values.Select(Math.Abs).DefaultIfEmpty(0).Max();
        return values.Select(v => v <= floor ? 0 : Math.Sqrt(v)).ToArray();
    }
}
