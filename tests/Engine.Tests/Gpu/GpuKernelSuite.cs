using Engine.Kernels.Cpu;
using Engine.Tensors;
using Xunit;

namespace Engine.Tests.Gpu;

/// <summary>
/// Each GPU kernel family of a backend against the CPU backend on shapes the op table does not
/// reach: GEMMs of 1, tile - 1, tile and tile + 1 around the backend's tile, broadcast batch
/// strides, reductions of odd lengths either side of the group-reduction threshold, convolutions
/// with padding and stride edges, layer-norm rows, the RNG stream, the fused optimizers,
/// elementwise ops over strided and broadcast views, and strided copies. A backend's test class
/// supplies the device and may shrink the shapes (ILGPU's emulator runs a thread per GPU thread).
/// </summary>
public abstract class GpuKernelSuite
{
    /// <summary>The backend under test (skips when its device is missing).</summary>
    protected abstract IBackend Gpu();

    /// <summary>The buffer type the backend allocates.</summary>
    protected abstract Type BufferType { get; }

    /// <summary>The side of the backend's GEMM tile (the shapes below straddle it).</summary>
    protected abstract int Tile { get; }

    private static readonly CpuBackend Cpu = CpuBackend.Instance;

    private static NDArray Random(IBackend backend, DType dtype, int[] shape, int seed, double lo = -1, double hi = 1)
    {
        var random = new Random(seed);
        var data = new double[Shape.Numel(shape)];
        for (var i = 0; i < data.Length; i++) data[i] = lo + (hi - lo) * random.NextDouble();
        Array host = dtype == DType.Float64 ? data : Array.ConvertAll(data, v => (float)v);
        return new NDArray(backend.Upload(host), shape, Shape.ContiguousStrides(shape));
    }

    private static NDArray Empty(IBackend backend, DType dtype, int[] shape) =>
        new(backend.Allocate(dtype, Shape.Numel(shape)), shape, Shape.ContiguousStrides(shape));

    private static double[] Host(NDArray a)
    {
        if (a.DType == DType.Float64)
        {
            var d = new double[a.Numel];
            a.Backend.Download(a, d);
            return d;
        }
        var f = new float[a.Numel];
        a.Backend.Download(a, f);
        return Array.ConvertAll(f, v => (double)v);
    }

    private static NDArray OnGpu(IBackend gpu, NDArray cpu)
    {
        var host = Host(cpu);
        Array data = cpu.DType == DType.Float64 ? host : Array.ConvertAll(host, v => (float)v);
        return new NDArray(gpu.Upload(data), cpu.Shape, Shape.ContiguousStrides(cpu.Shape));
    }

    private static void Close(NDArray expected, NDArray actual, double tol, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        double[] e = Host(expected), a = Host(actual);
        for (var i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= tol * (1 + Math.Abs(e[i])) || (double.IsNaN(e[i]) && double.IsNaN(a[i])),
                $"{what}: element {i} is {a[i]} on the device, {e[i]} on the CPU");
    }

    private static double Tol(DType dtype) => dtype == DType.Float64 ? 1e-12 : 2e-5;

    public static TheoryData<string> DTypes => new() { "float32", "float64" };

    private static DType Parse(string dtype) => dtype == "float64" ? DType.Float64 : DType.Float32;

    [SkippableFact]
    public void Results_live_on_the_device()
    {
        var gpu = Gpu();
        var x = Random(gpu, DType.Float32, [4], 1);
        var y = Empty(gpu, DType.Float32, [4]);
        gpu.Unary(new UnaryOp(UnaryOpKind.Exp), x, y);
        Assert.IsType(BufferType, y.Buffer);
        Assert.Same(gpu, y.Backend);
        var ex = Assert.Throws<ArgumentException>(() => gpu.Unary(new UnaryOp(UnaryOpKind.Exp), Random(Cpu, DType.Float32, [4], 1), y));
        Assert.Contains("lives on cpu", ex.Message);
    }

    /// <summary>GEMM shapes (M, K, N): every side at 1, tile - 1, tile, tile + 1 and beyond, and a long K.</summary>
    protected virtual (int M, int K, int N)[] MatMulShapes
    {
        get
        {
            var t = Tile;
            return [(1, 1, 1), (t - 1, t + 1, t), (t + 1, t, t - 1), (t, 2 * t + 1, t + 1), (2 * t + 3, t - 1, 1), (3, 10 * t + 7, 2)];
        }
    }

    /// <summary>The batched product's N (crosses a tile).</summary>
    protected virtual int BatchedN => Tile + 6;

    /// <summary>The input of the reduction test; its axes are reduced alone and together.</summary>
    protected virtual int[] ReductionShape => [30, 500, 70];

    [SkippableFact]
    public void MatMul_matches_cpu_across_tile_edges()
    {
        var gpu = Gpu();
        foreach (var (m, k, n) in MatMulShapes)
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var a = Random(Cpu, dtype, [k, m], 2).Transpose(0, 1);  // a transposed view
            var b = Random(Cpu, dtype, [k, n], 3);
            var expected = Empty(Cpu, dtype, [m, n]);
            Cpu.MatMul(a, b, expected);
            var actual = Empty(gpu, dtype, [m, n]);
            gpu.MatMul(OnGpu(gpu, Random(Cpu, dtype, [k, m], 2)).Transpose(0, 1), OnGpu(gpu, b), actual);
            Close(expected, actual, dtype == DType.Float64 ? 1e-12 : 1e-4, $"matmul {m}x{k}x{n} {dtype.Name()}");
        }
    }

    [SkippableFact]
    public void Batched_matmul_reads_broadcast_batch_strides()
    {
        var gpu = Gpu();
        var a = Random(Cpu, DType.Float64, [1, 3, 5, 7], 4).Expand([2, 3, 5, 7]);
        var nb = BatchedN;
        var b = Random(Cpu, DType.Float64, [2, 1, 7, nb], 5).Expand([2, 3, 7, nb]);
        var expected = Empty(Cpu, DType.Float64, [2, 3, 5, nb]);
        Cpu.MatMul(a, b, expected);
        var actual = Empty(gpu, DType.Float64, [2, 3, 5, nb]);
        gpu.MatMul(OnGpu(gpu, Random(Cpu, DType.Float64, [1, 3, 5, 7], 4)).Expand([2, 3, 5, 7]),
            OnGpu(gpu, Random(Cpu, DType.Float64, [2, 1, 7, nb], 5)).Expand([2, 3, 7, nb]), actual);
        Close(expected, actual, 1e-12, "batched matmul");
    }

    [SkippableTheory, MemberData(nameof(DTypes))]
    public void Reductions_match_cpu_on_large_and_strided_inputs(string dtypeName)
    {
        var gpu = Gpu();
        var dtype = Parse(dtypeName);
        var x = Random(Cpu, dtype, ReductionShape, 6);
        var xg = OnGpu(gpu, x);
        foreach (var (axes, op) in new (int[], ReduceOpKind)[] { ([0], ReduceOpKind.Sum), ([1], ReduceOpKind.Sum), ([2], ReduceOpKind.Max),
                     ([0, 2], ReduceOpKind.Sum), ([0, 1, 2], ReduceOpKind.Sum), ([0, 1, 2], ReduceOpKind.Max), ([1, 2], ReduceOpKind.Max) })
        {
            var shape = x.Shape.Select((s, d) => axes.Contains(d) ? 1 : s).ToArray();
            var expected = Empty(Cpu, dtype, shape);
            Cpu.Reduce(op, x.Permute([0, 1, 2]), axes, expected);
            var actual = Empty(gpu, dtype, shape);
            gpu.Reduce(op, xg, axes, actual);
            // Summation order differs (tree vs sequential): float32 sums of 10^6 terms carry ~1e-5 relative error.
            Close(expected, actual, dtype == DType.Float64 ? 1e-11 : 2e-4, $"{op} over [{string.Join(",", axes)}] {dtypeName}");
        }
    }

    [SkippableFact]
    public void Max_propagates_nan_like_the_cpu()
    {
        var gpu = Gpu();
        var x = gpu.Upload(new double[] { 1, double.NaN, 3, 2, 5, 4 });
        var y = Empty(gpu, DType.Float64, [2, 1]);
        gpu.Reduce(ReduceOpKind.Max, new NDArray(x, [2, 3], [3, 1]), [1], y);
        var host = Host(y);
        Assert.True(double.IsNaN(host[0]));
        Assert.Equal(5, host[1]);
    }

    [SkippableTheory]
    [InlineData(3, 1, 28, 28, 8, 5, 2, 2, 1)]
    [InlineData(2, 6, 14, 14, 4, 5, 2, 2, 1)]
    [InlineData(2, 3, 9, 11, 5, 3, 1, 1, 2)]
    [InlineData(1, 2, 7, 7, 3, 4, 3, 0, 1)]
    [InlineData(2, 64, 6, 6, 64, 4, 2, 1, 1)]
    [InlineData(1, 1, 2, 3, 2, 3, 3, 1, 1)]   // a kernel larger than the input, only padding beside it, stride past the end
    [InlineData(2, 3, 5, 8, 2, 2, 3, 0, 1)]   // stride 3 leaves the last rows and columns unread
    [InlineData(1, 2, 1, 1, 1, 1, 1, 0, 1)]   // 1 x 1 everything
    public void Conv_families_match_cpu(int n, int c, int h, int w, int o, int k, int stride, int pad, int dilation)
    {
        var gpu = Gpu();
        var g = new Conv2dGeometry(stride, stride, pad, pad, dilation, dilation);
        int ho = g.OutH(h, k), wo = g.OutW(w, k);
        var x = Random(Cpu, DType.Float64, [n, c, h, w], 7);
        var wt = Random(Cpu, DType.Float64, [o, c, k, k], 8);
        var gy = Random(Cpu, DType.Float64, [n, o, ho, wo], 9);
        // Non-contiguous weight: a permuted copy viewed back into [O, C, k, k].
        var wPermuted = Random(Cpu, DType.Float64, [c, o, k, k], 8);
        var wView = OnGpu(gpu, wPermuted).Permute([1, 0, 2, 3]);
        var wCpuView = wPermuted.Permute([1, 0, 2, 3]);

        var y = Empty(Cpu, DType.Float64, [n, o, ho, wo]);
        Cpu.Conv2dForward(x, wCpuView, y, g);
        var yg = Empty(gpu, DType.Float64, [n, o, ho, wo]);
        gpu.Conv2dForward(OnGpu(gpu, x), wView, yg, g);
        Close(y, yg, 1e-12, "conv forward");

        var gx = Empty(Cpu, DType.Float64, [n, c, h, w]);
        Cpu.Conv2dGradInput(gy, wt, gx, g);
        var gxg = Empty(gpu, DType.Float64, [n, c, h, w]);
        gpu.Conv2dGradInput(OnGpu(gpu, gy), OnGpu(gpu, wt), gxg, g);
        Close(gx, gxg, 1e-12, "conv grad-input");

        var gw = Empty(Cpu, DType.Float64, [o, c, k, k]);
        Cpu.Conv2dGradWeight(x, gy, gw, g);
        var gwg = Empty(gpu, DType.Float64, [o, c, k, k]);
        gpu.Conv2dGradWeight(OnGpu(gpu, x), OnGpu(gpu, gy), gwg, g);
        Close(gw, gwg, 1e-12, "conv grad-weight");
    }

    [SkippableTheory]
    [InlineData(7, 300, true)]
    [InlineData(50, 64, false)]
    [InlineData(3, 1000, true)]
    [InlineData(5, 1, true)]    // one feature: zero variance, rstd = 1 / sqrt(eps)
    [InlineData(1, 17, false)]
    public void Layer_norm_forward_and_backward_match_cpu(int rows, int d, bool affine)
    {
        var gpu = Gpu();
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var x = Random(Cpu, dtype, [rows, d], 10, 2, 5);
            var w = affine ? Random(Cpu, dtype, [d], 11) : null;
            var b = affine ? Random(Cpu, dtype, [d], 12) : null;
            var gy = Random(Cpu, dtype, [rows, d], 13);
            var (y, mean, rstd) = (Empty(Cpu, dtype, [rows, d]), Empty(Cpu, dtype, [rows]), Empty(Cpu, dtype, [rows]));
            Cpu.LayerNormForward(x, w, b, 1e-5, y, mean, rstd);
            var (yg, meang, rstdg) = (Empty(gpu, dtype, [rows, d]), Empty(gpu, dtype, [rows]), Empty(gpu, dtype, [rows]));
            NDArray? wg = w is null ? null : OnGpu(gpu, w), bg = b is null ? null : OnGpu(gpu, b);
            gpu.LayerNormForward(OnGpu(gpu, x), wg, bg, 1e-5, yg, meang, rstdg);
            var tol = dtype == DType.Float64 ? 1e-11 : 1e-4;
            Close(y, yg, tol, "layer norm y");
            Close(mean, meang, tol, "layer norm mean");
            Close(rstd, rstdg, tol, "layer norm rstd");

            var (gx, gw, gb) = (Empty(Cpu, dtype, [rows, d]), Empty(Cpu, dtype, [d]), Empty(Cpu, dtype, [d]));
            Cpu.LayerNormBackward(gy, x, mean, rstd, w, gx, gw, gb);
            var (gxg, gwg, gbg) = (Empty(gpu, dtype, [rows, d]), Empty(gpu, dtype, [d]), Empty(gpu, dtype, [d]));
            gpu.LayerNormBackward(OnGpu(gpu, gy), OnGpu(gpu, x), meang, rstdg, wg, gxg, gwg, gbg);
            Close(gx, gxg, tol * 10, "layer norm gx");
            Close(gw, gwg, tol * 10, "layer norm gw");
            Close(gb, gbg, tol * 10, "layer norm gb");
        }
    }

    [SkippableTheory, MemberData(nameof(DTypes))]
    public void Random_fill_draws_the_cpu_stream(string dtypeName)
    {
        var gpu = Gpu();
        var dtype = Parse(dtypeName);
        foreach (var distribution in new[] { RandomDistribution.Uniform, RandomDistribution.Normal })
        {
            var expected = Empty(Cpu, dtype, [5000]);
            Cpu.FillRandom(expected, distribution, -0.5, 2, 1234, 99);
            var actual = Empty(gpu, dtype, [5000]);
            gpu.FillRandom(actual, distribution, -0.5, 2, 1234, 99);
            // The integer stream is bit-exact; log and cos may differ from .NET's in the last ulp.
            Close(expected, actual, dtype == DType.Float64 ? 1e-14 : 1e-6, $"{distribution} {dtypeName}");
        }
    }

    [SkippableTheory, MemberData(nameof(DTypes))]
    public void Fused_optimizers_match_cpu(string dtypeName)
    {
        var gpu = Gpu();
        var dtype = Parse(dtypeName);
        var (p, g, m, v) = (Random(Cpu, dtype, [1000], 14), Random(Cpu, dtype, [1000], 15), Random(Cpu, dtype, [1000], 16), Random(Cpu, dtype, [1000], 17, 0, 1));
        var (pg, gg, mg, vg) = (OnGpu(gpu, p), OnGpu(gpu, g), OnGpu(gpu, m), OnGpu(gpu, v));
        var adam = new AdamStep(1e-3, 0.5, 0.9, 1e-8, 1 - Math.Pow(0.5, 3), 1 - Math.Pow(0.9, 3));
        Cpu.AdamUpdate(p, g, m, v, adam);
        gpu.AdamUpdate(pg, gg, mg, vg, adam);
        var tol = Tol(dtype) * 10;
        Close(p, pg, tol, "adam param");
        Close(m, mg, tol, "adam exp_avg");
        Close(v, vg, tol, "adam exp_avg_sq");
        var rms = new RmsPropStep(5e-5, 0.99, 1e-8);
        Cpu.RmsPropUpdate(p, g, v, rms);
        gpu.RmsPropUpdate(pg, gg, vg, rms);
        Close(p, pg, tol, "rmsprop param");
        Close(v, vg, tol, "rmsprop square_avg");
    }

    [SkippableTheory, MemberData(nameof(DTypes))]
    public void Elementwise_ops_read_strided_and_broadcast_views(string dtypeName)
    {
        var gpu = Gpu();
        var dtype = Parse(dtypeName);
        var a = Random(Cpu, dtype, [5, 3, 1], 19, 0.5, 2);
        var b = Random(Cpu, dtype, [1, 4, 5], 20, 0.5, 2);
        var c = Random(Cpu, dtype, [1, 9, 4], 21, -1, 1);
        // a broadcast along its last axis, b transposed and broadcast in front, c every other row.
        NDArray A(NDArray x) => x.Permute([1, 0, 2]).Expand([3, 5, 4]);
        NDArray B(NDArray x) => x.Transpose(1, 2).Expand([3, 5, 4]);
        NDArray C(NDArray x) => x.Slice(1, 0, 5, 2).Expand([3, 5, 4]);
        var (ag, bg, cg) = (OnGpu(gpu, a), OnGpu(gpu, b), OnGpu(gpu, c));
        var tol = Tol(dtype) * 10;
        foreach (var op in new[] { BinaryOpKind.Add, BinaryOpKind.Mul, BinaryOpKind.Div, BinaryOpKind.Pow, BinaryOpKind.Maximum })
        {
            var expected = Empty(Cpu, dtype, [3, 5, 4]);
            Cpu.Binary(op, A(a), B(b), expected);
            var actual = Empty(gpu, dtype, [3, 5, 4]);
            gpu.Binary(op, A(ag), B(bg), actual);
            Close(expected, actual, tol, $"{op} {dtypeName}");
        }
        foreach (var op in new[] { UnaryOpKind.Exp, UnaryOpKind.Tanh, UnaryOpKind.Sigmoid, UnaryOpKind.Softplus })
        {
            // Into a strided destination: the odd columns of a [3, 5, 8].
            var expected = Empty(Cpu, dtype, [3, 5, 8]);
            Cpu.Fill(expected, 7);
            Cpu.Unary(new UnaryOp(op), C(c), expected.Slice(2, 1, 4, 2));
            var actual = Empty(gpu, dtype, [3, 5, 8]);
            gpu.Fill(actual, 7);
            gpu.Unary(new UnaryOp(op), C(cg), actual.Slice(2, 1, 4, 2));
            Close(expected, actual, tol, $"{op} {dtypeName}");
        }
        var we = Empty(Cpu, dtype, [3, 5, 4]);
        Cpu.Ternary(TernaryOpKind.Where, C(c), A(a), B(b), we);
        var wa = Empty(gpu, dtype, [3, 5, 4]);
        gpu.Ternary(TernaryOpKind.Where, C(cg), A(ag), B(bg), wa);
        Close(we, wa, 0, $"where {dtypeName}");
    }

    [SkippableFact]
    public void Strided_copy_fill_and_download_of_views()
    {
        var gpu = Gpu();
        var x = Random(Cpu, DType.Float64, [6, 8], 18);
        var xg = OnGpu(gpu, x);
        // Download of a non-contiguous view gathers on the device.
        Close(x.Slice(1, 1, 3, 3).Transpose(0, 1), xg.Slice(1, 1, 3, 3).Transpose(0, 1), 0, "download of a view");
        var dest = Empty(gpu, DType.Float64, [8, 6]);
        gpu.Fill(dest, 0.25);
        gpu.Copy(xg.Slice(0, 0, 3, 2).Transpose(0, 1), dest.Slice(1, 0, 3, 2));
        var host = Host(dest);
        var xs = Host(x);
        for (var r = 0; r < 8; r++)
            for (var c = 0; c < 6; c++)
                Assert.Equal(c % 2 == 0 ? xs[c / 2 * 2 * 8 + r] : 0.25, host[r * 6 + c]);
    }
}

/// <summary>The kernel suite on the hand-written OpenCL backend (PoCL's CPU device in CI).</summary>
public sealed class OpenClKernelTests : GpuKernelSuite
{
    protected override IBackend Gpu() => GpuTestDevices.OpenCl();

    protected override Type BufferType => typeof(Engine.Kernels.Gpu.GpuBuffer);

    protected override int Tile => 64;

    protected override (int M, int K, int N)[] MatMulShapes => [(1, 1, 1), (65, 17, 130), (128, 300, 64), (3, 1000, 2)];
}
