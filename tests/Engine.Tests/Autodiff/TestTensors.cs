using Engine.Autodiff;

namespace Engine.Tests.Autodiff;

internal static class TestTensors
{
    /// <summary>A float64 leaf of the given values and shape.</summary>
    public static Tensor F64(double[] values, params int[] shape) => Tensor.FromArray(values, shape);

    /// <summary>A float64 leaf with deterministic values uniform in [lo, hi).</summary>
    public static Tensor Random(int seed, int[] shape, double lo = -1, double hi = 1, bool requiresGrad = true)
    {
        var random = new Random(seed);
        var n = shape.Aggregate(1, (a, b) => a * b);
        var data = new double[n];
        for (var i = 0; i < n; i++) data[i] = lo + (hi - lo) * random.NextDouble();
        return Tensor.FromArray(data, shape, requiresGrad);
    }
}
