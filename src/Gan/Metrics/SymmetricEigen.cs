namespace Engine.Gan.Metrics;

/// <summary>
/// Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi method: plane
/// rotations zero the off-diagonal entries one by one until they are negligible. Accurate to about
/// machine precision relative to the matrix's norm; O(n^3) per sweep, a handful of sweeps.
/// </summary>
public static class SymmetricEigen
{
    /// <summary>
    /// Decomposes the symmetric <paramref name="n"/> x <paramref name="n"/> matrix <paramref name="a"/>
    /// (row-major; only its symmetric part is used): A = V diag(values) V^T, eigenvector k in column k of V (row-major).
    /// </summary>
    public static (double[] Values, double[] Vectors) Decompose(double[] a, int n)
    {
        if (n < 1 || a.Length != n * n) throw new ArgumentException($"symmetric eigen: {a.Length} values do not make a {n} x {n} matrix");
        var m = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++) m[i * n + j] = 0.5 * (a[i * n + j] + a[j * n + i]);
        var v = new double[n * n];
        for (var i = 0; i < n; i++) v[i * n + i] = 1;
        var scale = 0.0;
        foreach (var x in m) scale += x * x;
        for (var sweep = 0; sweep < 100; sweep++)
        {
            var off = 0.0;
            for (var p = 0; p < n; p++)
                for (var q = p + 1; q < n; q++) off += m[p * n + q] * m[p * n + q];
            if (off <= 1e-28 * scale || off == 0) break;
            for (var p = 0; p < n; p++)
                for (var q = p + 1; q < n; q++)
                {
                    var apq = m[p * n + q];
                    if (apq == 0) continue;
                    // Rotation in the (p, q) plane that zeroes A[p, q]: t = tan(angle), the smaller root of t^2 + 2 theta t - 1 = 0.
                    var theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
                    var t = Math.Abs(theta) > 1e150 ? 0.5 / theta : Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    var c = 1 / Math.Sqrt(t * t + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        double kp = m[k * n + p], kq = m[k * n + q];
                        m[k * n + p] = c * kp - s * kq;
                        m[k * n + q] = s * kp + c * kq;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        double pk = m[p * n + k], qk = m[q * n + k];
                        m[p * n + k] = c * pk - s * qk;
                        m[q * n + k] = s * pk + c * qk;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        double kp = v[k * n + p], kq = v[k * n + q];
                        v[k * n + p] = c * kp - s * kq;
                        v[k * n + q] = s * kp + c * kq;
                    }
                }
        }
        var values = new double[n];
        for (var i = 0; i < n; i++) values[i] = m[i * n + i];
        return (values, v);
    }

    /// <summary>The symmetric square root V diag(sqrt(max(lambda, 0))) V^T of a symmetric positive semi-definite matrix (negative rounding noise clipped to 0).</summary>
    public static double[] Sqrt(double[] a, int n)
    {
        var (values, v) = Decompose(a, n);
        var root = values.Select(x => Math.Sqrt(Math.Max(x, 0))).ToArray();
        var r = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = i; j < n; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < n; k++) sum += v[i * n + k] * root[k] * v[j * n + k];
                r[i * n + j] = r[j * n + i] = sum;
            }
        return r;
    }
}
