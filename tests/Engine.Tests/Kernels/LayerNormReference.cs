using Engine.Kernels.Cpu;
using Engine.Tensors;
using Xunit;

namespace Engine.Tests.Kernels;

/// <summary>
/// Plain float64 loops that define layer norm, and CPU arrays built without the backend's
/// memory functions (so these tests depend on the layer norm kernels alone).
/// </summary>
internal static class LayerNormReference
{
    public static void Forward(double[] x, double[]? w, double[]? b, int rows, int d, double eps, double[] y, double[] mean, double[] rstd)
    {
        for (var r = 0; r < rows; r++)
        {
            double m = 0, v = 0;
            for (var j = 0; j < d; j++) m += x[r * d + j];
            m /= d;
            for (var j = 0; j < d; j++) v += (x[r * d + j] - m) * (x[r * d + j] - m);
            var s = 1 / Math.Sqrt(v / d + eps);
            mean[r] = m;
            rstd[r] = s;
            for (var j = 0; j < d; j++)
                y[r * d + j] = (x[r * d + j] - m) * s * (w?[j] ?? 1) + (b?[j] ?? 0);
        }
    }

    /// <summary>The analytic gradients of L = Σ y * gy: gx, and gw, gb summed over rows.</summary>
    public static void Backward(double[] gy, double[] x, double[]? w, int rows, int d, double eps, double[] gx, double[] gw, double[] gb)
    {
        var (y, mean, rstd) = (new double[x.Length], new double[rows], new double[rows]);
        Forward(x, null, null, rows, d, eps, y, mean, rstd);
        Array.Clear(gw);
        Array.Clear(gb);
        for (var r = 0; r < rows; r++)
        {
            double sg = 0, sgx = 0;
            for (var j = 0; j < d; j++)
            {
                var g = gy[r * d + j] * (w?[j] ?? 1);
                sg += g;
                sgx += g * y[r * d + j];
            }
            for (var j = 0; j < d; j++)
            {
                var i = r * d + j;
                var g = gy[i] * (w?[j] ?? 1);
                gx[i] = rstd[r] * (g - sg / d - y[i] * sgx / d);
                gw[j] += gy[i] * y[i];
                gb[j] += gy[i];
            }
        }
    }

    /// <summary>Normal samples scaled by <paramref name="scale"/> and shifted by <paramref name="offset"/>, each row with its own mean and spread.</summary>
    public static double[] Normal(Random rng, int rows, int d, double scale = 1, double offset = 0)
    {
        var a = new double[rows * d];
        for (var r = 0; r < rows; r++)
        {
            var rowShift = offset + scale * (rng.NextDouble() * 4 - 2);
            var rowScale = scale * (0.25 + 2 * rng.NextDouble());
            for (var j = 0; j < d; j++)
            {
                var u = 1 - rng.NextDouble();
                a[r * d + j] = rowShift + rowScale * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * rng.NextDouble());
            }
        }
        return a;
    }

    /// <summary>The values a float32 array would hold (so the float64 reference sees the same inputs).</summary>
    public static double[] RoundTo(DType dtype, double[] a) => dtype == DType.Float64 ? a : Array.ConvertAll(a, v => (double)(float)v);

    public static NDArray Input(DType dtype, double[] data, params int[] shape) =>
        dtype == DType.Float64
            ? new NDArray(new CpuBuffer<double>((double[])data.Clone()), shape, Shape.ContiguousStrides(shape))
            : new NDArray(new CpuBuffer<float>(Array.ConvertAll(data, v => (float)v)), shape, Shape.ContiguousStrides(shape));

    /// <summary>An output array filled with NaN, so an element the kernel forgets to write fails the comparison.</summary>
    public static NDArray Output(DType dtype, params int[] shape)
    {
        var n = Shape.Numel(shape);
        var nan = new double[n];
        Array.Fill(nan, double.NaN);
        return Input(dtype, nan, shape);
    }

    public static double[] Read(NDArray a) =>
        a.Buffer is CpuBuffer<double> d ? (double[])d.Data.Clone() : Array.ConvertAll(((CpuBuffer<float>)a.Buffer).Data, v => (double)v);

    /// <summary>Asserts |actual - expected| &lt;= atol + rtol * |expected| elementwise, naming the first bad index.</summary>
    public static void Close(string what, double[] expected, double[] actual, double atol, double rtol)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var err = Math.Abs(actual[i] - expected[i]);
            if (!(err <= atol + rtol * Math.Abs(expected[i])))
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (error {err:G3})");
        }
    }
}
