using Xunit;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using static Engine.Tests.Kernels.KernelTestData;

namespace Engine.Tests.Kernels;

public class GemmTests
{
    private static double[] Naive(int m, int n, int k, double[] a, double[] b)
    {
        var c = new double[m * n];
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
                c[i * n + j] = s;
            }
        return c;
    }

    // Tolerance grows with k because float32 rounding errors add up along the dot products.
    private static double Tol(bool f64, int k) => f64 ? 1e-12 * (k + 1) : 2e-6 * (k + 1);

    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int> { { 1, 1, 1 }, { 3, 5, 7 }, { 257, 129, 65 }, { 1, 300, 1 }, { 64, 1, 513 } };
        // Around every tile and block edge: MR (8, 6, 4), NR (48 / 24 floats, 32 / 16 doubles), KC 256, MC 128.
        foreach (var m in new[] { 7, 8, 9, 17, 127, 129 })
            foreach (var n in new[] { 15, 16, 17, 23, 24, 25, 47, 48, 49 })
                data.Add(m, n, 9);
        foreach (var k in new[] { 255, 256, 257, 513 })
            data.Add(13, 50, k);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyMatchesNaive(int m, int n, int k)
    {
        foreach (var f64 in new[] { false, true })
        {
            double[] a = Random(m * k, m + 7 * k), b = Random(k * n, n + 3 * k);
            var expected = Naive(m, n, k, a, b);
            var c = Filled(f64, double.NaN, m, n); // NaN: overwrite must not read C
            CpuBackend.Instance.MatMul(Array(f64, a, m, k), Array(f64, b, k, n), c);
            AssertClose(expected, Read(c), Tol(f64, k), $"{(f64 ? "f64" : "f32")} {m}x{n}x{k}");
        }
    }

    [Theory]
    [InlineData(256, 1, 512)]
    [InlineData(512, 2, 256)]
    [InlineData(1, 512, 256)]
    [InlineData(4, 37, 19)]
    [InlineData(3, 4, 1)]
    public void SkinnyProductsMatchNaiveForEveryLayout(int m, int n, int k)
    {
        // One side of at most 4: the dot-product path, along k or along the long side depending on the strides.
        foreach (var (transA, transB) in new[] { (false, false), (true, false), (false, true), (true, true) })
            foreach (var f64 in new[] { false, true })
            {
                double[] a = Random(m * k, 11 + m), b = Random(k * n, 13 + n);
                var expected = Naive(m, n, k, a, b);
                var av = transA ? Array(f64, Read(Array(f64, a, m, k).Transpose(0, 1)), k, m).Transpose(0, 1) : Array(f64, a, m, k);
                var bv = transB ? Array(f64, Read(Array(f64, b, k, n).Transpose(0, 1)), n, k).Transpose(0, 1) : Array(f64, b, k, n);
                var c = Filled(f64, double.NaN, m, n);
                CpuBackend.Instance.MatMul(av, bv, c);
                AssertClose(expected, Read(c), Tol(f64, k), $"{(f64 ? "f64" : "f32")} {m}x{n}x{k} transA={transA} transB={transB}");
            }
    }

    [Theory]
    [InlineData(false, true, false)]
    [InlineData(true, false, false)]
    [InlineData(true, true, true)]
    [InlineData(false, true, true)]
    [InlineData(true, true, false)]
    public void TransposedViews(bool transA, bool transB, bool f64)
    {
        const int m = 67, n = 131, k = 259;
        double[] a = Random(m * k, 1), b = Random(k * n, 2);
        var expected = Naive(m, n, k, a, b);
        // Store the transpose and take a transposed view back, so the operand reads with swapped strides.
        var av = transA ? Array(f64, Read(Array(f64, a, m, k).Transpose(0, 1)), k, m).Transpose(0, 1) : Array(f64, a, m, k);
        var bv = transB ? Array(f64, Read(Array(f64, b, k, n).Transpose(0, 1)), n, k).Transpose(0, 1) : Array(f64, b, k, n);
        Assert.Equal(transA, !av.IsContiguous);
        var c = Filled(f64, 0, m, n);
        CpuBackend.Instance.MatMul(av, bv, c);
        AssertClose(expected, Read(c), Tol(f64, k), "transposed");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AccumulateAddsToC(bool f64)
    {
        const int m = 37, n = 70, k = 300;
        double[] a = Random(m * k, 3), b = Random(k * n, 4), c0 = Random(m * n, 5);
        var expected = Naive(m, n, k, a, b).Select((v, i) => v + c0[i]).ToArray();
        if (f64)
        {
            var c = (double[])c0.Clone();
            Gemm.Multiply(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, n, accumulate: true);
            AssertClose(expected, c, Tol(true, k), "accumulate f64");
        }
        else
        {
            var c = System.Array.ConvertAll(c0, v => (float)v);
            Gemm.Multiply(m, n, k, System.Array.ConvertAll(a, v => (float)v), 0, k, 1, System.Array.ConvertAll(b, v => (float)v), 0, n, 1,
                c, 0, n, accumulate: true);
            AssertClose(expected, System.Array.ConvertAll(c, v => (double)v), Tol(false, k), "accumulate f32");
        }
    }

    [Fact]
    public void OffsetsAndLeadingDimensionLeaveTheRestOfCAlone()
    {
        const int m = 5, n = 9, k = 4, ldc = 13;
        double[] a = Random(3 + m * k, 6), b = Random(2 + k * n, 7);
        var c = Enumerable.Repeat(42.0, 1 + m * ldc).ToArray();
        Gemm.Multiply(m, n, k, a, 3, k, 1, b, 2, n, 1, c, 1, ldc, accumulate: false);
        var expected = Naive(m, n, k, a[3..], b[2..]);
        Assert.Equal(42.0, c[0]);
        for (var i = 0; i < m; i++)
            for (var j = 0; j < ldc; j++)
                Assert.Equal(j < n ? expected[i * n + j] : 42.0, c[1 + i * ldc + j], 12);
    }

    [Fact]
    public void ZeroDepthZeroesOrKeepsC()
    {
        var c = new[] { 1.0, 2.0 };
        Gemm.Multiply(1, 2, 0, System.Array.Empty<double>(), 0, 0, 1, System.Array.Empty<double>(), 0, 2, 1, c, 0, 2, accumulate: true);
        Assert.Equal(new[] { 1.0, 2.0 }, c);
        Gemm.Multiply(1, 2, 0, System.Array.Empty<double>(), 0, 0, 1, System.Array.Empty<double>(), 0, 2, 1, c, 0, 2, accumulate: false);
        Assert.Equal(new[] { 0.0, 0.0 }, c);
    }

    [Fact]
    public void OutOfBoundsOperandIsRejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gemm.Multiply(4, 4, 4, new float[15], 0, 4, 1, new float[16], 0, 4, 1, new float[16], 0, 4, false));
        Assert.Contains("gemm", ex.Message);
    }

    [Theory]
    [InlineData(false, 3, 9, 17, 11)]
    [InlineData(true, 3, 9, 17, 11)]
    [InlineData(false, 2, 300, 200, 150)]
    public void BatchedWithBroadcastBatchDims(bool f64, int batch, int m, int n, int k)
    {
        // a: [2, batch, m, k] from a [1, batch, m, k] (stride 0 on the first dim); b: [2, batch, k, n] from [2, 1, k, n].
        double[] a = Random(batch * m * k, 8), b = Random(2 * k * n, 9);
        var av = Array(f64, a, 1, batch, m, k).Expand(2, batch, m, k);
        var bv = Array(f64, b, 2, 1, k, n).Expand(2, batch, k, n);
        var c = Filled(f64, double.NaN, 2, batch, m, n);
        CpuBackend.Instance.MatMul(av, bv, c);
        var got = Read(c);
        for (var o = 0; o < 2; o++)
            for (var t = 0; t < batch; t++)
            {
                var expected = Naive(m, n, k, a[(t * m * k)..((t + 1) * m * k)], b[(o * k * n)..((o + 1) * k * n)]);
                var start = (o * batch + t) * m * n;
                AssertClose(expected, got[start..(start + m * n)], Tol(f64, k), $"batch ({o}, {t})");
            }
    }

    [Fact]
    public void BatchedEntryRunsEachMatrix()
    {
        const int m = 6, n = 10, k = 5, batch = 40;
        double[] a = Random(batch * m * k, 10), b = Random(k * n, 11);
        var c = new double[batch * m * n];
        var offsets = Enumerable.Range(0, batch).ToArray();
        Gemm.MultiplyBatched(batch, m, n, k, a, offsets.Select(i => i * m * k).ToArray(), k, 1, b, new int[batch], n, 1,
            c, offsets.Select(i => i * m * n).ToArray(), n, accumulate: false);
        for (var t = 0; t < batch; t++)
            AssertClose(Naive(m, n, k, a[(t * m * k)..((t + 1) * m * k)], b), c[(t * m * n)..((t + 1) * m * n)], 1e-12, $"batch {t}");
    }
}
