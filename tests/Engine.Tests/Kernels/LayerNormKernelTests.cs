using Engine.Kernels.Cpu;
using Engine.Tensors;
using Xunit;
using static Engine.Tests.Kernels.LayerNormReference;

namespace Engine.Tests.Kernels;

public class LayerNormKernelTests
{
    private const double Eps = 1e-5;
    private static readonly CpuBackend Cpu = CpuBackend.Instance;

    public static TheoryData<DType, bool> DTypesAndAffine() => new()
    {
        { DType.Float32, false }, { DType.Float32, true }, { DType.Float64, false }, { DType.Float64, true },
    };

    public static TheoryData<DType, bool, int[]> LargeShapes()
    {
        var data = new TheoryData<DType, bool, int[]>();
        // [50, 4096]: the MNIST critic's [50, 256, 4, 4] normalized over its last three dims;
        // [256, 512]: a toy-MLP hidden layer; [12800, 16]: many short rows; the rest split unevenly.
        int[][] shapes = [[50, 4096], [256, 512], [12800, 16], [33, 1001], [2, 3, 7], [7, 13]];
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
            foreach (var affine in new[] { false, true })
                foreach (var shape in shapes)
                    data.Add(dtype, affine, shape);
        return data;
    }

    [Theory]
    [MemberData(nameof(DTypesAndAffine))]
    public void Forward_MatchesReference_ForEveryWidthUpTo70(DType dtype, bool affine)
    {
        // Every d from 1 to 70 crosses the 8- and 16-lane vector loops and each scalar tail length.
        for (var d = 1; d <= 70; d++) CheckForward(dtype, affine, [3, d], seed: d);
    }

    [Theory]
    [MemberData(nameof(DTypesAndAffine))]
    public void Backward_MatchesReference_ForEveryWidthUpTo70(DType dtype, bool affine)
    {
        for (var d = 1; d <= 70; d++) CheckBackward(dtype, affine, [3, d], seed: d, withGw: affine, withGb: affine);
    }

    [Theory]
    [MemberData(nameof(LargeShapes))]
    public void ForwardAndBackward_MatchReference_OnLargeAndOddShapes(DType dtype, bool affine, int[] shape)
    {
        CheckForward(dtype, affine, shape, seed: 7);
        CheckBackward(dtype, affine, shape, seed: 8, withGw: affine, withGb: affine);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Backward_WritesOnlyTheAffineGradientsAskedFor(bool withGw, bool withGb)
    {
        CheckBackward(DType.Float64, affine: true, [40, 33], seed: 3, withGw, withGb);
        CheckBackward(DType.Float32, affine: true, [300, 200], seed: 4, withGw, withGb);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Backward_MatchesCentralFiniteDifferences(bool affine)
    {
        const int rows = 3, d = 5;
        const double h = 1e-6;
        var rng = new Random(11);
        var x = Normal(rng, rows, d);
        var w = affine ? Normal(rng, 1, d) : null;
        var b = affine ? Normal(rng, 1, d) : null;
        var gy = Normal(rng, rows, d);
        // L = Σ y * gy, evaluated with the kernel's own forward in float64.
        double Loss(double[] xv, double[]? wv, double[]? bv)
        {
            var (y, _, _) = RunForward(DType.Float64, xv, wv, bv, [rows, d]);
            return Read(y).Zip(gy, (p, q) => p * q).Sum();
        }
        double[] Numeric(double[] v, Func<double[], double> loss) =>
            Enumerable.Range(0, v.Length).Select(i =>
            {
                var plus = (double[])v.Clone();
                var minus = (double[])v.Clone();
                plus[i] += h;
                minus[i] -= h;
                return (loss(plus) - loss(minus)) / (2 * h);
            }).ToArray();

        var (gx, gw, gb) = RunBackward(DType.Float64, gy, x, w, b, [rows, d], affine, affine);
        Close("gx", Numeric(x, v => Loss(v, w, b)), Read(gx), 1e-7, 1e-6);
        if (!affine) return;
        Close("gw", Numeric(w!, v => Loss(x, v, b)), Read(gw!), 1e-7, 1e-6);
        Close("gb", Numeric(b!, v => Loss(x, w, v)), Read(gb!), 1e-7, 1e-6);
    }

    [Fact]
    public void Forward_Float32_KeepsVarianceAccurate_WhenMeanDwarfsSpread()
    {
        // A one-pass E[x^2] - E[x]^2 in float32 loses every digit here (1e6 - 1e6 for a variance near 1e-4).
        const int rows = 4, d = 1000;
        var x = RoundTo(DType.Float32, Normal(new Random(5), rows, d, scale: 0.01, offset: 1000));
        var (y, mean, rstd) = RunForward(DType.Float32, x, null, null, [rows, d]);
        var (ry, rm, rs) = (new double[x.Length], new double[rows], new double[rows]);
        Forward(x, null, null, rows, d, Eps, ry, rm, rs);
        Close("rstd", rs, Read(rstd), 0, 1e-4);
        Close("mean", rm, Read(mean), 0, 1e-6);
        Close("y", ry, Read(y), 2e-2, 0);
    }

    [Fact]
    public void Forward_ConstantRow_GivesShiftAndRstdOfEps()
    {
        var x = Enumerable.Repeat(2.5, 37).ToArray();
        var b = Enumerable.Range(0, 37).Select(i => 0.1 * i).ToArray();
        var (y, mean, rstd) = RunForward(DType.Float32, x, Enumerable.Repeat(3.0, 37).ToArray(), b, [1, 37]);
        Close("y", b, Read(y), 1e-6, 1e-6);
        Assert.Equal(2.5, Read(mean)[0], 6);
        Assert.Equal(1 / Math.Sqrt(Eps), Read(rstd)[0], 1e-2);
    }

    [Fact]
    public void Backward_NoRows_GivesZeroAffineGradients()
    {
        var (gx, gw, gb) = RunBackward(DType.Float32, [], [], [1.0, 2.0, 3.0], null, [0, 3], true, true);
        Assert.Equal(0, gx.Numel);
        Assert.Equal(new double[3], Read(gw!));
        Assert.Equal(new double[3], Read(gb!));
    }

    [Fact]
    public void Forward_RejectsNonContiguousX_NamingLayerNorm()
    {
        var x = Input(DType.Float64, new double[12], 3, 4).Transpose(0, 1);
        var e = Assert.ThrowsAny<ArgumentException>(() =>
            Cpu.LayerNormForward(x, null, null, Eps, Output(DType.Float64, 4, 3), Output(DType.Float64, 4), Output(DType.Float64, 4)));
        Assert.Contains("layer_norm", e.Message);
        Assert.Contains("contiguous", e.Message);
    }

    [Fact]
    public void Forward_RejectsWrongWeightLength_NamingShapes()
    {
        var x = Input(DType.Float32, new double[12], 3, 4);
        var e = Assert.Throws<ShapeMismatchException>(() =>
            Cpu.LayerNormForward(x, Input(DType.Float32, new double[5], 5), null, Eps, Output(DType.Float32, 3, 4), Output(DType.Float32, 3), Output(DType.Float32, 3)));
        Assert.Contains("layer_norm", e.Message);
        Assert.Contains("[5]", e.Message);
        Assert.Contains("[3, 4]", e.Message);
    }

    [Fact]
    public void Backward_RejectsMismatchedGyAndRstd()
    {
        var x = Input(DType.Float64, new double[12], 3, 4);
        var stats = Input(DType.Float64, new double[3], 3);
        var badGy = Assert.Throws<ShapeMismatchException>(() =>
            Cpu.LayerNormBackward(Input(DType.Float64, new double[8], 2, 4), x, stats, stats, null, Output(DType.Float64, 3, 4), null, null));
        Assert.Contains("gy", badGy.Message);
        var badRstd = Assert.Throws<ShapeMismatchException>(() =>
            Cpu.LayerNormBackward(x, x, stats, Input(DType.Float64, new double[4], 4), null, Output(DType.Float64, 3, 4), null, null));
        Assert.Contains("rstd", badRstd.Message);
        Assert.Throws<DTypeMismatchException>(() =>
            Cpu.LayerNormBackward(x, x, stats, stats, null, Output(DType.Float32, 3, 4), null, null));
    }

    private static void CheckForward(DType dtype, bool affine, int[] shape, int seed)
    {
        var (rows, d) = (Shape.Numel(shape) / shape[^1], shape[^1]);
        var rng = new Random(seed);
        var x = RoundTo(dtype, Normal(rng, rows, d, scale: 3, offset: 1));
        var w = affine ? RoundTo(dtype, Normal(rng, 1, d)) : null;
        var b = affine ? RoundTo(dtype, Normal(rng, 1, d)) : null;
        var (y, mean, rstd) = RunForward(dtype, x, w, b, shape);
        var (ry, rm, rs) = (new double[x.Length], new double[rows], new double[rows]);
        Forward(x, w, b, rows, d, Eps, ry, rm, rs);
        var tol = dtype == DType.Float64 ? 1e-12 : 2e-5;
        Close($"mean (d={d})", rm, Read(mean), tol, tol);
        Close($"rstd (d={d})", rs, Read(rstd), tol, tol);
        Close($"y (d={d})", ry, Read(y), tol, tol);
    }

    private static void CheckBackward(DType dtype, bool affine, int[] shape, int seed, bool withGw, bool withGb)
    {
        var (rows, d) = (Shape.Numel(shape) / shape[^1], shape[^1]);
        var rng = new Random(seed);
        var x = RoundTo(dtype, Normal(rng, rows, d, scale: 3, offset: 1));
        var w = affine ? RoundTo(dtype, Normal(rng, 1, d)) : null;
        var gy = RoundTo(dtype, Normal(rng, rows, d));
        var (gx, gw, gb) = RunBackward(dtype, gy, x, w, null, shape, withGw, withGb);
        var (rgx, rgw, rgb) = (new double[x.Length], new double[d], new double[d]);
        Backward(gy, x, w, rows, d, Eps, rgx, rgw, rgb);
        var tol = dtype == DType.Float64 ? 1e-11 : 1e-4;
        Close($"gx (d={d})", rgx, Read(gx), tol, tol);
        // gw and gb sum over every row, so their float32 rounding grows with the row count.
        var sumTol = tol * Math.Sqrt(rows);
        if (withGw) Close($"gw (d={d})", rgw, Read(gw!), sumTol, tol);
        else Assert.Null(gw);
        if (withGb) Close($"gb (d={d})", rgb, Read(gb!), sumTol, tol);
        else Assert.Null(gb);
    }

    private static (NDArray Y, NDArray Mean, NDArray Rstd) RunForward(DType dtype, double[] x, double[]? w, double[]? b, int[] shape)
    {
        var d = shape[^1];
        var rowShape = shape[..^1];
        var (y, mean, rstd) = (Output(dtype, shape), Output(dtype, rowShape), Output(dtype, rowShape));
        Cpu.LayerNormForward(Input(dtype, x, shape), w is null ? null : Input(dtype, w, d), b is null ? null : Input(dtype, b, d), Eps, y, mean, rstd);
        return (y, mean, rstd);
    }

    /// <summary>Runs the forward (for mean and rstd) then the backward; <paramref name="b"/> only matters to the forward.</summary>
    private static (NDArray Gx, NDArray? Gw, NDArray? Gb) RunBackward(DType dtype, double[] gy, double[] x, double[]? w, double[]? b, int[] shape, bool withGw, bool withGb)
    {
        var d = shape[^1];
        var (_, mean, rstd) = RunForward(dtype, x, w, b, shape);
        var gx = Output(dtype, shape);
        var gw = withGw ? Output(dtype, d) : null;
        var gb = withGb ? Output(dtype, d) : null;
        Cpu.LayerNormBackward(Input(dtype, gy, shape), Input(dtype, x, shape), mean, rstd, w is null ? null : Input(dtype, w, d), gx, gw, gb);
        return (gx, gw, gb);
    }
}
