using Engine.Kernels.Cpu;
using Engine.Tensors;
using Xunit;

namespace Engine.Tests.Kernels;

/// <summary>The fused in-place optimizer updates (Adam, RMSProp) against their formulas evaluated element by element in float64.</summary>
public class OptimizerKernelTests
{
    public static TheoryData<int, DType> Sizes()
    {
        var data = new TheoryData<int, DType>();
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            foreach (var n in new[] { 1, 7, 15, 16, 17, 31, 33, 64, 257 }) data.Add(n, dtype);
            data.Add(100_003, dtype); // the threaded split
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Matches_the_scalar_formula(int n, DType dtype)
    {
        var cpu = CpuBackend.Instance;
        var rng = new Random(n);
        double[] R(double scale) => Enumerable.Range(0, n).Select(_ => scale * (rng.NextDouble() - 0.5)).ToArray();
        double[] p0 = R(2), g = R(4), m0 = R(0.2), v0 = R(0.1).Select(Math.Abs).ToArray();
        Array Host(double[] a) => dtype == DType.Float64 ? a : a.Select(x => (float)x).ToArray();
        NDArray Dev(double[] a) => NDArray.FromArray(cpu, Host(a), n);
        var (p, gd, m, v) = (Dev(p0), Dev(g), Dev(m0), Dev(v0));
        var step = new AdamStep(1e-3, 0.5, 0.9, 1e-8, 1 - Math.Pow(0.5, 3), 1 - Math.Pow(0.9, 3));
        cpu.AdamUpdate(p, gd, m, v, step);

        var tol = dtype == DType.Float64 ? 1e-13 : 1e-6;
        double[] pr = p.ToDoubleArray(), mr = m.ToDoubleArray(), vr = v.ToDoubleArray();
        for (var i = 0; i < n; i++)
        {
            // inputs as the kernel saw them (rounded to the dtype)
            double gi = Round(g[i], dtype), mi = 0.5 * Round(m0[i], dtype) + 0.5 * gi, vi = 0.9 * Round(v0[i], dtype) + 0.1 * gi * gi;
            var pi = Round(p0[i], dtype) - 1e-3 / step.BiasCorrection1 * mi / (Math.Sqrt(vi / step.BiasCorrection2) + 1e-8);
            Assert.Equal(mi, mr[i], tol);
            Assert.Equal(vi, vr[i], tol);
            Assert.Equal(pi, pr[i], tol * 10);
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void RmsProp_matches_the_scalar_formula(int n, DType dtype)
    {
        var cpu = CpuBackend.Instance;
        var rng = new Random(n + 1);
        double[] R(double scale) => Enumerable.Range(0, n).Select(_ => scale * (rng.NextDouble() - 0.5)).ToArray();
        double[] p0 = R(2), g = R(4), v0 = R(0.1).Select(Math.Abs).ToArray();
        Array Host(double[] a) => dtype == DType.Float64 ? a : a.Select(x => (float)x).ToArray();
        var (p, gd, v) = (NDArray.FromArray(cpu, Host(p0), n), NDArray.FromArray(cpu, Host(g), n), NDArray.FromArray(cpu, Host(v0), n));
        cpu.RmsPropUpdate(p, gd, v, new RmsPropStep(1e-3, 0.99, 1e-8));
        var tol = dtype == DType.Float64 ? 1e-13 : 1e-6;
        double[] pr = p.ToDoubleArray(), vr = v.ToDoubleArray();
        for (var i = 0; i < n; i++)
        {
            double gi = Round(g[i], dtype), vi = 0.99 * Round(v0[i], dtype) + 0.01 * gi * gi;
            Assert.Equal(vi, vr[i], tol);
            Assert.Equal(Round(p0[i], dtype) - 1e-3 * gi / (Math.Sqrt(vi) + 1e-8), pr[i], tol * 10);
        }
    }

    [Fact]
    public void Refuses_mismatched_or_strided_arrays()
    {
        var cpu = CpuBackend.Instance;
        var a = NDArray.Zeros(cpu, DType.Float32, 4, 4);
        var step = new AdamStep(1e-3, 0.5, 0.9, 1e-8, 0.5, 0.1);
        Assert.Throws<ShapeMismatchException>(() => cpu.AdamUpdate(a, NDArray.Zeros(cpu, DType.Float32, 3), a, a, step));
        var e = Assert.Throws<ArgumentException>(() => cpu.AdamUpdate(a, a.Permute(1, 0), NDArray.Zeros(cpu, DType.Float32, 4, 4), NDArray.Zeros(cpu, DType.Float32, 4, 4), step));
        Assert.Contains("grad", e.Message);
    }

    private static double Round(double x, DType dtype) => dtype == DType.Float64 ? x : (float)x;
}
