using Xunit;
using Engine.Kernels.Cpu;
using Engine.Tensors;

namespace Engine.Tests.Kernels;

/// <summary>Builds CPU arrays directly (not through Upload) and reads them back, for kernel tests.</summary>
internal static class KernelTestData
{
    public static double[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        var v = new double[n];
        for (var i = 0; i < n; i++) v[i] = rng.NextDouble() * 2 - 1;
        return v;
    }

    public static NDArray Array(bool f64, double[] values, params int[] shape) =>
        f64
            ? new NDArray(new CpuBuffer<double>((double[])values.Clone()), shape, Shape.ContiguousStrides(shape))
            : new NDArray(new CpuBuffer<float>(System.Array.ConvertAll(values, v => (float)v)), shape, Shape.ContiguousStrides(shape));

    public static NDArray Filled(bool f64, double value, params int[] shape)
    {
        var n = Shape.Numel(shape);
        var v = new double[n];
        System.Array.Fill(v, value);
        return Array(f64, v, shape);
    }

    /// <summary>The elements of a view in row-major order, as doubles (walks strides on the host).</summary>
    public static double[] Read(NDArray a)
    {
        var result = new double[a.Numel];
        var idx = new int[a.Rank];
        for (var flat = 0; flat < a.Numel; flat++)
        {
            var off = a.Offset;
            for (var d = 0; d < a.Rank; d++) off += idx[d] * a.Strides[d];
            result[flat] = a.Buffer is CpuBuffer<double> bd ? bd.Data[off] : ((CpuBuffer<float>)a.Buffer).Data[off];
            for (var d = a.Rank - 1; d >= 0; d--)
            {
                if (++idx[d] < a.Shape[d]) break;
                idx[d] = 0;
            }
        }
        return result;
    }

    public static void AssertClose(double[] expected, double[] actual, double tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var err = Math.Abs(expected[i] - actual[i]);
            if (err > tol * (1 + Math.Abs(expected[i])))
                Assert.Fail($"{what}: element {i} expected {expected[i]}, got {actual[i]} (error {err})");
        }
    }
}
