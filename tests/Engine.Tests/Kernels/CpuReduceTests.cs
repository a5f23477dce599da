using Engine.Kernels.Cpu;
using Engine.Tensors;
using Xunit;
using static Engine.Tests.Kernels.ElementwiseReference;

namespace Engine.Tests.Kernels;

public class CpuReduceTests
{
    private static readonly CpuBackend Cpu = CpuBackend.Instance;

    public static TheoryData<ReduceOpKind, DType> Cases()
    {
        var data = new TheoryData<ReduceOpKind, DType>();
        foreach (var op in Enum.GetValues<ReduceOpKind>())
            foreach (var d in Enum.GetValues<DType>()) data.Add(op, d);
        return data;
    }

    /// <summary>Plain float64 reduction of row-major values by index arithmetic; also returns sum |x| per output for tolerances.</summary>
    private static (double[] Result, double[] Magnitude) Reference(ReduceOpKind op, double[] values, int[] shape, int[] axes)
    {
        var outShape = (int[])shape.Clone();
        foreach (var ax in axes) outShape[ax] = 1;
        var outStrides = Shape.ContiguousStrides(outShape);
        var result = new double[Shape.Numel(outShape)];
        var magnitude = new double[result.Length];
        Array.Fill(result, op == ReduceOpKind.Sum ? 0 : double.NegativeInfinity);
        for (var i = 0; i < values.Length; i++)
        {
            int rest = i, o = 0;
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                var idx = rest % shape[d];
                rest /= shape[d];
                if (Array.IndexOf(axes, d) < 0) o += idx * outStrides[d];
            }
            result[o] = op == ReduceOpKind.Sum ? result[o] + values[i] : Math.Max(result[o], values[i]);
            magnitude[o] += Math.Abs(values[i]);
        }
        return (result, magnitude);
    }

    private static void Check(ReduceOpKind op, NDArray x, double[] xValues, int[] axes, string what)
    {
        var outShape = (int[])x.Shape.Clone();
        foreach (var ax in axes) outShape[ax] = 1;
        var y = NDArray.Empty(Cpu, x.DType, outShape);
        Cpu.Reduce(op, x, axes, y);
        var got = y.ToDoubleArray();
        var (expected, magnitude) = Reference(op, xValues, x.Shape, axes);
        var rtol = x.DType == DType.Float32 ? 1e-6 : 1e-13;
        for (var i = 0; i < expected.Length; i++)
        {
            var ok = op == ReduceOpKind.Max ? got[i] == expected[i] : Math.Abs(got[i] - expected[i]) <= rtol * magnitude[i] + 1e-30;
            if (!ok) Assert.Fail($"{op} {what} over [{string.Join(", ", axes)}]: output {i}: got {got[i]:R}, expected {expected[i]:R}");
        }
    }

    private static (NDArray X, double[] Host) Random(DType dtype, int seed, params int[] shape)
    {
        var rng = new System.Random(seed);
        var host = Stored(dtype, Enumerable.Range(0, Shape.Numel(shape)).Select(_ => -3 + 6 * rng.NextDouble()).ToArray());
        return (Upload(dtype, host, shape), host);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SingleMultipleAndAllAxes(ReduceOpKind op, DType dtype)
    {
        var (x, h) = Random(dtype, 1, 3, 1, 4, 5);
        int[][] axesList = [[0], [1], [2], [3], [0, 2], [1, 3], [2, 3], [0, 1, 2], [0, 1, 2, 3]];
        foreach (var axes in axesList) Check(op, x, h, axes, "[3, 1, 4, 5]");
        var (m, mh) = Random(dtype, 2, 5, 7);
        foreach (var axes in new int[][] { [0], [1], [0, 1] }) Check(op, m, mh, axes, "[5, 7]");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryRowLength(ReduceOpKind op, DType dtype)
    {
        for (var n = 1; n <= 257; n++)
        {
            var (x, h) = Random(dtype, n, n);
            Check(op, x, h, [0], $"[{n}]");
            var (m, mh) = Random(dtype, n + 1000, 3, n);
            Check(op, m, mh, [1], $"[3, {n}]");
            Check(op, m, mh, [0], $"[3, {n}]");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void NonContiguousInputs(ReduceOpKind op, DType dtype)
    {
        var (x, h) = Random(dtype, 3, 6, 8, 10);
        var t = x.Permute(2, 0, 1); // [10, 6, 8]
        var tv = Gather(h, t.Shape, t.Strides, t.Offset);
        foreach (var axes in new int[][] { [0], [1], [2], [0, 2], [1, 2], [0, 1, 2] }) Check(op, t, tv, axes, "permuted");
        var s = x.Slice(1, 1, 4, 2).Slice(2, 0, 5, 2); // [6, 4, 5], stepped
        var sv = Gather(h, s.Shape, s.Strides, s.Offset);
        foreach (var axes in new int[][] { [0], [2], [1, 2], [0, 1, 2] }) Check(op, s, sv, axes, "stepped");
        var (r, rh) = Random(dtype, 4, 1, 9);
        var b = r.Expand(7, 9); // broadcast rows: stride 0 along the reduced axis
        var bv = Gather(rh, b.Shape, b.Strides, b.Offset);
        foreach (var axes in new int[][] { [0], [1], [0, 1] }) Check(op, b, bv, axes, "broadcast");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LargeRowsAndColumnsAcrossThreads(ReduceOpKind op, DType dtype)
    {
        var (x, h) = Random(dtype, 5, 3, 100_003);
        Check(op, x, h, [1], "long rows");
        Check(op, x, h, [0], "short columns");
        var (c, ch) = Random(dtype, 6, 100_003, 3);
        Check(op, c, ch, [0], "long columns");
        var (m, mh) = Random(dtype, 7, 400, 300);
        Check(op, m, mh, [0], "[400, 300]");
        Check(op, m, mh, [1], "[400, 300]");
        var t = m.Transpose(0, 1);
        var tv = Gather(mh, t.Shape, t.Strides, t.Offset);
        Check(op, t, tv, [1], "transposed [300, 400]");
        Check(op, t, tv, [0, 1], "transposed [300, 400]");
    }

    [Fact]
    public void Float32SumOfAMillionEqualValuesIsAccurate()
    {
        const int n = 1_000_000;
        var x = NDArray.Full(Cpu, DType.Float32, 0.1, n);
        var y = NDArray.Empty(Cpu, DType.Float32, 1);
        Cpu.Reduce(ReduceOpKind.Sum, x, [0], y);
        // A naive float32 running sum ends near 100958; the exact sum of 0.1f a million times is 100000.0015.
        Assert.Equal(n * (double)0.1f, y.ToDoubleArray()[0], 0.01);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void EmptyAxesCopiesAndZeroSizedAxesGiveIdentity(DType dtype)
    {
        var (x, h) = Random(dtype, 8, 2, 3);
        var y = NDArray.Empty(Cpu, dtype, 2, 3);
        Cpu.Reduce(ReduceOpKind.Sum, x.Transpose(0, 1).Transpose(0, 1), [], y);
        Assert.Equal(h, y.ToDoubleArray());

        var empty = NDArray.Empty(Cpu, dtype, 0, 4);
        var s = NDArray.Empty(Cpu, dtype, 1, 4);
        Cpu.Reduce(ReduceOpKind.Sum, empty, [0], s);
        Assert.All(s.ToDoubleArray(), v => Assert.Equal(0, v));
        Cpu.Reduce(ReduceOpKind.Max, empty, [0], s);
        Assert.All(s.ToDoubleArray(), v => Assert.Equal(double.NegativeInfinity, v));
    }

    [Fact]
    public void MaxPropagatesNaN()
    {
        var x = Upload(DType.Float64, [1, double.NaN, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18], 2, 9);
        var y = NDArray.Empty(Cpu, DType.Float64, 2, 1);
        Cpu.Reduce(ReduceOpKind.Max, x, [1], y);
        var got = y.ToDoubleArray();
        Assert.True(double.IsNaN(got[0]));
        Assert.Equal(18, got[1]);
    }

    [Fact]
    public void WrongOutputShapeOrUnsortedAxesFailClearly()
    {
        var x = NDArray.Zeros(Cpu, DType.Float32, 2, 3);
        var e = Assert.Throws<ShapeMismatchException>(() => Cpu.Reduce(ReduceOpKind.Sum, x, [1], NDArray.Empty(Cpu, DType.Float32, 2)));
        Assert.Contains("[2, 1]", e.Message);
        Assert.ThrowsAny<ArgumentException>(() => Cpu.Reduce(ReduceOpKind.Sum, x, [1, 0], NDArray.Empty(Cpu, DType.Float32, 1, 1)));
    }

    [Theory]
    [InlineData(300, 133)]   // 64-column blocks, a 16-column block, a scalar tail
    [InlineData(2048, 600)]  // over a million elements: the columns split between the cores
    [InlineData(5, 7)]       // fewer columns than one block
    public void SumsOverLeadingRowsAreTheRowByRowSumsBitForBit(int rows, int cols)
    {
        // The reference adds each column from zero, rows ascending, in float64: the order the
        // row-by-row kernel used, which the register-blocked column sums must keep.
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
            foreach (var (shape, axes) in new[] { (new[] { rows, cols }, new[] { 0 }), (new[] { 2, rows, cols }, new[] { 0, 1 }) })
            {
                var (x, host) = Random(dtype, rows + cols, shape);
                var outShape = (int[])shape.Clone();
                foreach (var ax in axes) outShape[ax] = 1;
                var y = NDArray.Empty(Cpu, dtype, outShape);
                Cpu.Reduce(ReduceOpKind.Sum, x, axes, y);
                var got = y.ToDoubleArray();
                var (expected, _) = Reference(ReduceOpKind.Sum, host, shape, axes);
                for (var i = 0; i < expected.Length; i++)
                {
                    var want = dtype == DType.Float32 ? (double)(float)expected[i] : expected[i];
                    if (BitConverter.DoubleToInt64Bits(got[i]) != BitConverter.DoubleToInt64Bits(want))
                        Assert.Fail($"{dtype.Name()} {string.Join("x", shape)} over [{string.Join(", ", axes)}]: column {i}: got {got[i]:R}, expected {want:R}");
                }
            }
    }
}
