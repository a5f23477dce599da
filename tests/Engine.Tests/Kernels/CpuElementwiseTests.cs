using Engine.Kernels.Cpu;
using Engine.Tensors;
using Xunit;
using static Engine.Tests.Kernels.ElementwiseReference;

namespace Engine.Tests.Kernels;

/// <summary>Every elementwise op, both dtypes, every length 1..257 (every SIMD tail) and past the threading threshold.</summary>
public class CpuElementwiseTests
{
    private static readonly CpuBackend Cpu = CpuBackend.Instance;
    private static readonly int[] Lengths = [.. Enumerable.Range(1, 257), 100_003];

    public static TheoryData<UnaryOpKind, DType> UnaryCases()
    {
        var data = new TheoryData<UnaryOpKind, DType>();
        foreach (var k in Enum.GetValues<UnaryOpKind>())
            foreach (var d in Enum.GetValues<DType>()) data.Add(k, d);
        return data;
    }

    public static TheoryData<BinaryOpKind, DType> BinaryCases()
    {
        var data = new TheoryData<BinaryOpKind, DType>();
        foreach (var k in Enum.GetValues<BinaryOpKind>())
            foreach (var d in Enum.GetValues<DType>()) data.Add(k, d);
        return data;
    }

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void UnaryMatchesReferenceAtEveryLength(UnaryOpKind kind, DType dtype)
    {
        var op = Op(kind);
        foreach (var n in Lengths)
        {
            var input = UnaryInput(op, n, n);
            var y = NDArray.Empty(Cpu, dtype, n);
            Cpu.Unary(op, Upload(dtype, input, n), y);
            var expected = Array.ConvertAll(Stored(dtype, input), v => Unary(op, v));
            AssertClose(expected, y.ToDoubleArray(), dtype, $"{kind} {dtype.Name()} n={n}");
        }
    }

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void UnaryOfBroadcastScalar(UnaryOpKind kind, DType dtype)
    {
        var op = Op(kind);
        var input = UnaryInput(op, 1, 5);
        var x = Upload(dtype, input, 1).Expand(3, 37);
        var y = NDArray.Empty(Cpu, dtype, 3, 37);
        Cpu.Unary(op, x, y);
        var expected = Unary(op, Stored(dtype, input)[0]);
        AssertClose(Enumerable.Repeat(expected, 3 * 37).ToArray(), y.ToDoubleArray(), dtype, $"{kind} broadcast");
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void BinaryMatchesReferenceAtEveryLength(BinaryOpKind op, DType dtype)
    {
        foreach (var n in Lengths)
        {
            var (a, b) = BinaryInputs(op, n, n);
            var y = NDArray.Empty(Cpu, dtype, n);
            Cpu.Binary(op, Upload(dtype, a, n), Upload(dtype, b, n), y);
            double[] sa = Stored(dtype, a), sb = Stored(dtype, b);
            var expected = new double[n];
            for (var i = 0; i < n; i++) expected[i] = Binary(op, sa[i], sb[i]);
            AssertClose(expected, y.ToDoubleArray(), dtype, $"{op} {dtype.Name()} n={n}");
        }
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void BinaryWithBroadcastScalarOnEitherSide(BinaryOpKind op, DType dtype)
    {
        foreach (var n in Lengths)
        {
            var (a, b) = BinaryInputs(op, n, n + 1);
            double[] sa = Stored(dtype, a), sb = Stored(dtype, b);
            var arrA = Upload(dtype, a, n);
            var arrB = Upload(dtype, b, n);
            // Span-scalar: b is its element 0 broadcast; scalar-span: a is its element 0 broadcast.
            var y1 = NDArray.Empty(Cpu, dtype, n);
            Cpu.Binary(op, arrA, arrB.Slice(0, 0, 1).Expand(n), y1);
            var y2 = NDArray.Empty(Cpu, dtype, n);
            Cpu.Binary(op, arrA.Slice(0, 0, 1).Expand(n), arrB, y2);
            double[] e1 = new double[n], e2 = new double[n];
            for (var i = 0; i < n; i++)
            {
                e1[i] = Binary(op, sa[i], sb[0]);
                e2[i] = Binary(op, sa[0], sb[i]);
            }
            AssertClose(e1, y1.ToDoubleArray(), dtype, $"{op} {dtype.Name()} span-scalar n={n}");
            AssertClose(e2, y2.ToDoubleArray(), dtype, $"{op} {dtype.Name()} scalar-span n={n}");
        }
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void PowHandlesNegativeBasesWithIntegerExponents(DType dtype)
    {
        double[] x = [-2, -1.5, -0.5, 0, 0.5, 3, -3, -1, 2, -4, 1.25, -0.75, -2.5, 5, -5, 0.1, -0.1];
        var n = x.Length;
        foreach (var p in new[] { 2.0, 3.0, -1.0 })
        {
            var y = NDArray.Empty(Cpu, dtype, n);
            Cpu.Unary(new UnaryOp(UnaryOpKind.PowScalar, p), Upload(dtype, x, n), y);
            AssertClose(Array.ConvertAll(x, v => Math.Pow(v, p)), y.ToDoubleArray(), dtype, $"x^{p}");
            var yb = NDArray.Empty(Cpu, dtype, n);
            Cpu.Binary(BinaryOpKind.Pow, Upload(dtype, x, n), Upload(dtype, [p], 1).Expand(n), yb);
            AssertClose(Array.ConvertAll(x, v => Math.Pow(v, p)), yb.ToDoubleArray(), dtype, $"pow(x, {p})");
        }
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void ClampWithLowAboveHighGivesHigh(DType dtype)
    {
        foreach (var n in new[] { 5, 37 })
        {
            var x = Enumerable.Range(0, n).Select(i => i - 10.0).ToArray();
            var y = NDArray.Empty(Cpu, dtype, n);
            Cpu.Unary(new UnaryOp(UnaryOpKind.Clamp, 2, 1), Upload(dtype, x, n), y);
            Assert.All(y.ToDoubleArray(), v => Assert.Equal(1, v));
        }
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void NaNPropagatesThroughMaxMinReluAndSign(DType dtype)
    {
        double[] x = [1, double.NaN, -1, 0, double.NaN, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, double.NaN];
        var n = x.Length;
        var arr = Upload(dtype, x, n);
        foreach (var kind in new[] { UnaryOpKind.Relu, UnaryOpKind.Sign })
        {
            var y = NDArray.Empty(Cpu, dtype, n);
            Cpu.Unary(new UnaryOp(kind), arr, y);
            var got = y.ToDoubleArray();
            for (var i = 0; i < n; i++) Assert.Equal(double.IsNaN(x[i]), double.IsNaN(got[i]));
        }
        foreach (var op in new[] { BinaryOpKind.Maximum, BinaryOpKind.Minimum })
        {
            var y = NDArray.Empty(Cpu, dtype, n);
            Cpu.Binary(op, arr, Upload(dtype, [0.5], 1).Expand(n), y);
            var got = y.ToDoubleArray();
            for (var i = 0; i < n; i++) Assert.Equal(double.IsNaN(x[i]), double.IsNaN(got[i]));
        }
    }

    [Fact]
    public void SoftplusIsStableAtTheExtremes()
    {
        double[] x = [-800, -100, -40, 40, 100, 800, 0];
        var y = NDArray.Empty(Cpu, DType.Float64, x.Length);
        Cpu.Unary(new UnaryOp(UnaryOpKind.Softplus), Upload(DType.Float64, x, x.Length), y);
        var got = y.ToDoubleArray();
        Assert.Equal(0, got[0]);
        Assert.Equal(Math.Exp(-100), got[1], Math.Exp(-100) * 1e-12);
        Assert.Equal(Math.Exp(-40), got[2], Math.Exp(-40) * 1e-12);
        Assert.Equal(40 + Math.Exp(-40), got[3], 1e-12);
        Assert.Equal(100, got[4]);
        Assert.Equal(800, got[5]);
        Assert.Equal(Math.Log(2), got[6], 1e-15);
    }
}
