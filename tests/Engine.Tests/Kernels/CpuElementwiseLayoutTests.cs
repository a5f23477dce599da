using Engine.Kernels.Cpu;
using Engine.Tensors;
using Xunit;
using static Engine.Tests.Kernels.ElementwiseReference;

namespace Engine.Tests.Kernels;

/// <summary>Elementwise ops on views: transposes, stepped slices, broadcasts (stride 0) and size-1 dimensions.</summary>
public class CpuElementwiseLayoutTests
{
    private static readonly CpuBackend Cpu = CpuBackend.Instance;

    /// <summary>A base array of random values and its host copy, so views can be checked by index arithmetic.</summary>
    private static (NDArray Array, double[] Host) Base(DType dtype, int seed, params int[] shape)
    {
        var rng = new Random(seed);
        var host = Stored(dtype, Enumerable.Range(0, Shape.Numel(shape)).Select(_ => -3 + 6 * rng.NextDouble()).ToArray());
        return (Upload(dtype, host, shape), host);
    }

    private static double[] Values(NDArray view, double[] baseHost) => Gather(baseHost, view.Shape, view.Strides, view.Offset);

    private static void CheckBinary(BinaryOpKind op, NDArray a, double[] aBase, NDArray b, double[] bBase, string what)
    {
        var y = NDArray.Empty(Cpu, a.DType, a.Shape);
        Cpu.Binary(op, a, b, y);
        double[] va = Values(a, aBase), vb = Values(b, bBase);
        AssertClose(va.Select((v, i) => Binary(op, v, vb[i])).ToArray(), y.ToDoubleArray(), a.DType, $"{op} {what}");
    }

    public static TheoryData<DType> DTypes() => new(DType.Float32, DType.Float64);

    [Theory]
    [MemberData(nameof(DTypes))]
    public void TransposedAndSteppedInputs(DType dtype)
    {
        var (a, ah) = Base(dtype, 1, 7, 9);
        var (b, bh) = Base(dtype, 2, 9, 7);
        CheckBinary(BinaryOpKind.Sub, a, ah, b.Transpose(0, 1), bh, "contiguous - transposed");
        CheckBinary(BinaryOpKind.Div, a.Transpose(0, 1), ah, b, bh, "transposed / contiguous");
        var (c, ch) = Base(dtype, 3, 14, 20);
        var stepped = c.Slice(0, 0, 7, 2).Slice(1, 1, 9, 2); // [7, 9], both strides doubled, offset 1
        CheckBinary(BinaryOpKind.Mul, stepped, ch, a, ah, "stepped * contiguous");
        CheckBinary(BinaryOpKind.Maximum, a, ah, stepped, ch, "max(contiguous, stepped)");

        var y = NDArray.Empty(Cpu, dtype, 9, 7);
        Cpu.Unary(new UnaryOp(UnaryOpKind.Tanh), stepped.Transpose(0, 1), y);
        AssertClose(Values(stepped.Transpose(0, 1), ch).Select(Math.Tanh).ToArray(), y.ToDoubleArray(), dtype, "tanh of stepped transpose");
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void BroadcastOnBothSidesAndSizeOneDimensions(DType dtype)
    {
        var (a, ah) = Base(dtype, 4, 3, 1, 5);
        var (b, bh) = Base(dtype, 5, 4, 1);
        // [3, 1, 5] and [4, 1] broadcast to [3, 4, 5]: a repeats along axis 1, b along axes 0 and 2.
        var shape = new[] { 3, 4, 5 };
        foreach (var op in Enum.GetValues<BinaryOpKind>())
        {
            if (op == BinaryOpKind.Pow) continue; // negative bases; covered by the length tests
            CheckBinary(op, a.Expand(shape), ah, b.Expand(shape), bh, "broadcast both sides");
            CheckBinary(op, b.Expand(shape), bh, a.Expand(shape), ah, "broadcast both sides, swapped");
        }
        // Size-1 dimensions everywhere, and a transposed operand among them.
        var (c, chost) = Base(dtype, 6, 1, 5, 1, 3);
        var (d, dhost) = Base(dtype, 7, 3, 1, 5, 1);
        CheckBinary(BinaryOpKind.Add, c, chost, d.Permute(3, 2, 1, 0), dhost, "size-1 dims with permuted operand");
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void LargeStridedAndBroadcastCrossTheThreadingThreshold(DType dtype)
    {
        var (a, ah) = Base(dtype, 8, 500, 1);
        var (b, bh) = Base(dtype, 9, 1, 203);
        CheckBinary(BinaryOpKind.Sub, a.Expand(500, 203), ah, b.Expand(500, 203), bh, "large outer broadcast");
        var (c, ch) = Base(dtype, 10, 203, 500);
        CheckBinary(BinaryOpKind.Mul, c.Transpose(0, 1), ch, b.Expand(500, 203), bh, "large transposed * broadcast");
        var (row, rh) = Base(dtype, 11, 70_001);
        CheckBinary(BinaryOpKind.Add, row, rh, Upload(dtype, [0.25], 1).Expand(70_001), [0.25], "one long row + scalar");
        var y = NDArray.Empty(Cpu, dtype, 500, 203);
        Cpu.Unary(new UnaryOp(UnaryOpKind.LeakyRelu, 0.1), c.Transpose(0, 1), y);
        AssertClose(Values(c.Transpose(0, 1), ch).Select(v => v > 0 ? v : 0.1 * v).ToArray(), y.ToDoubleArray(), dtype, "large transposed leaky relu");
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void WhereSelectsByNonZeroCondition(DType dtype)
    {
        foreach (var n in Enumerable.Range(1, 257).Append(100_003))
        {
            var rng = new Random(n);
            var cond = Enumerable.Range(0, n).Select(i => (i % 3) switch { 0 => 0.0, 1 => -2.5, _ => i % 7 == 0 ? double.NaN : 1 }).ToArray();
            var a = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
            var b = Enumerable.Range(0, n).Select(_ => -rng.NextDouble()).ToArray();
            var y = NDArray.Empty(Cpu, dtype, n);
            Cpu.Ternary(TernaryOpKind.Where, Upload(dtype, cond, n), Upload(dtype, a, n), Upload(dtype, b, n), y);
            double[] sa = Stored(dtype, a), sb = Stored(dtype, b);
            AssertClose(cond.Select((c, i) => c != 0 ? sa[i] : sb[i]).ToArray(), y.ToDoubleArray(), dtype, $"where n={n}");
        }
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void WhereWithBroadcastAndTransposedOperands(DType dtype)
    {
        var (cond, chost) = Base(dtype, 12, 1, 6);
        for (var i = 0; i < 6; i += 2) chost[i] = 0;
        cond = Upload(dtype, chost, 1, 6);
        var (a, ah) = Base(dtype, 13, 6, 4);
        var y = NDArray.Empty(Cpu, dtype, 4, 6);
        Cpu.Ternary(TernaryOpKind.Where, cond.Expand(4, 6), a.Transpose(0, 1), Upload(dtype, [7.0], 1).Expand(4, 6), y);
        var va = Values(a.Transpose(0, 1), ah);
        var expected = Enumerable.Range(0, 24).Select(i => chost[i % 6] != 0 ? va[i] : 7.0).ToArray();
        AssertClose(expected, y.ToDoubleArray(), dtype, "where broadcast");
    }

    [Fact]
    public void MismatchedShapesOrDtypesFailClearly()
    {
        var a = NDArray.Zeros(Cpu, DType.Float32, 2, 3);
        var e = Assert.Throws<ShapeMismatchException>(() => Cpu.Binary(BinaryOpKind.Add, a, NDArray.Zeros(Cpu, DType.Float32, 3, 2), NDArray.Empty(Cpu, DType.Float32, 2, 3)));
        Assert.Contains("[3, 2]", e.Message);
        Assert.Throws<DTypeMismatchException>(() => Cpu.Unary(new UnaryOp(UnaryOpKind.Exp), a, NDArray.Empty(Cpu, DType.Float64, 2, 3)));
    }

    [Fact]
    public void ZeroSizedArraysAreANoOp()
    {
        var a = NDArray.Empty(Cpu, DType.Float32, 0, 4);
        Cpu.Unary(new UnaryOp(UnaryOpKind.Exp), a, NDArray.Empty(Cpu, DType.Float32, 0, 4));
        Cpu.Binary(BinaryOpKind.Add, a, a, NDArray.Empty(Cpu, DType.Float32, 0, 4));
        Assert.Empty(a.ToDoubleArray());
    }
}
