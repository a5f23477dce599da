using Engine.Kernels.Cpu;
using Engine.Tensors;
using Xunit;
using static Engine.Tests.Kernels.KernelTestData;

namespace Engine.Tests.Kernels;

/// <summary>
/// Every elementwise operator against a scalar float64 loop, on every length 1..257 (each SIMD tail)
/// and on lengths that cross the two-core threshold, contiguous, strided and broadcast.
/// </summary>
public class CpuElementwiseTests
{
    private static readonly CpuBackend Cpu = CpuBackend.Instance;
    private static readonly int[] Lengths = [.. Enumerable.Range(1, 257), 32_768, 100_003];

    public static IEnumerable<object[]> UnaryOps() => Enum.GetValues<UnaryOpKind>().Select(k => new object[] { k });
    public static IEnumerable<object[]> BinaryOps() => Enum.GetValues<BinaryOpKind>().Select(k => new object[] { k });

    private static UnaryOp Op(UnaryOpKind kind) => kind switch
    {
        UnaryOpKind.LeakyRelu or UnaryOpKind.LeakyReluSlope => new UnaryOp(kind, 0.2),
        UnaryOpKind.Elu => new UnaryOp(kind, 0.7),
        UnaryOpKind.Clamp or UnaryOpKind.InRange => new UnaryOp(kind, -0.3, 0.4),
        UnaryOpKind.PowScalar => new UnaryOp(kind, 3),
        _ => new UnaryOp(kind),
    };

    private static bool PositiveDomain(UnaryOpKind k) => k is UnaryOpKind.Log or UnaryOpKind.Sqrt or UnaryOpKind.Reciprocal;

    private static double Reference(UnaryOp op, double x) => op.Kind switch
    {
        UnaryOpKind.Neg => -x,
        UnaryOpKind.Exp => Math.Exp(x),
        UnaryOpKind.Log => Math.Log(x),
        UnaryOpKind.Sqrt => Math.Sqrt(x),
        UnaryOpKind.Abs => Math.Abs(x),
        UnaryOpKind.Sign => Math.Sign(x),
        UnaryOpKind.Tanh => Math.Tanh(x),
        UnaryOpKind.Sigmoid => 1 / (1 + Math.Exp(-x)),
        UnaryOpKind.Relu => Math.Max(x, 0),
        UnaryOpKind.Step => x > 0 ? 1 : 0,
        UnaryOpKind.LeakyRelu => x > 0 ? x : op.Alpha * x,
        UnaryOpKind.LeakyReluSlope => x > 0 ? 1 : op.Alpha,
        UnaryOpKind.Softplus => Math.Log(1 + Math.Exp(x)),
        UnaryOpKind.Elu => x > 0 ? x : op.Alpha * (Math.Exp(x) - 1),
        UnaryOpKind.Clamp => Math.Clamp(x, op.Alpha, op.Beta),
        UnaryOpKind.InRange => x >= op.Alpha && x <= op.Beta ? 1 : 0,
        UnaryOpKind.PowScalar => Math.Pow(x, op.Alpha),
        UnaryOpKind.Square => x * x,
        UnaryOpKind.Reciprocal => 1 / x,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private static double Reference(BinaryOpKind op, double a, double b) => op switch
    {
        BinaryOpKind.Add => a + b,
        BinaryOpKind.Sub => a - b,
        BinaryOpKind.Mul => a * b,
        BinaryOpKind.Div => a / b,
        BinaryOpKind.Pow => Math.Pow(a, b),
        BinaryOpKind.Maximum => Math.Max(a, b),
        BinaryOpKind.Minimum => Math.Min(a, b),
        BinaryOpKind.Greater => a > b ? 1 : 0,
        BinaryOpKind.GreaterEqual => a >= b ? 1 : 0,
        BinaryOpKind.Less => a < b ? 1 : 0,
        BinaryOpKind.Equal => a == b ? 1 : 0,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private static void AssertClose(double expected, double actual, bool f64, string what)
    {
        var tol = f64 ? 1e-12 : 2e-6;
        Assert.True(Math.Abs(expected - actual) <= tol * (1 + Math.Abs(expected)), $"{what}: expected {expected}, got {actual}");
    }

    private static double[] Inputs(int n, int seed, bool positive, bool f64)
    {
        var v = Random(n, seed);
        for (var i = 0; i < n; i++)
        {
            v[i] = positive ? 0.25 + 2 * Math.Abs(v[i]) : 3 * v[i];
            if (!f64) v[i] = (float)v[i]; // so the reference sees exactly the float32 input
        }
        return v;
    }

    [Theory, MemberData(nameof(UnaryOps))]
    public void Unary_matches_scalar_reference_on_every_length(UnaryOpKind kind)
    {
        var op = Op(kind);
        foreach (var f64 in new[] { true, false })
        foreach (var n in Lengths)
        {
            var x = Inputs(n, n, PositiveDomain(kind), f64);
            var y = Filled(f64, double.NaN, n);
            Cpu.Unary(op, Array(f64, x, n), y);
            var got = Read(y);
            for (var i = 0; i < n; i++) AssertClose(Reference(op, x[i]), got[i], f64, $"{kind} n={n} i={i} f64={f64}");
        }
    }

    [Theory, MemberData(nameof(BinaryOps))]
    public void Binary_matches_scalar_reference_on_every_length(BinaryOpKind kind)
    {
        var positive = kind is BinaryOpKind.Pow or BinaryOpKind.Div;
        foreach (var f64 in new[] { true, false })
        foreach (var n in Lengths)
        {
            var a = Inputs(n, 2 * n, kind == BinaryOpKind.Pow, f64);
            var b = Inputs(n, 2 * n + 1, positive, f64);
            if (kind == BinaryOpKind.Equal) for (var i = 0; i < n; i += 3) b[i] = a[i];
            var y = Filled(f64, double.NaN, n);
            Cpu.Binary(kind, Array(f64, a, n), Array(f64, b, n), y);
            var got = Read(y);
            for (var i = 0; i < n; i++) AssertClose(Reference(kind, a[i], b[i]), got[i], f64, $"{kind} n={n} i={i} f64={f64}");
        }
    }

    [Theory, MemberData(nameof(BinaryOps))]
    public void Binary_on_broadcast_and_strided_views(BinaryOpKind kind)
    {
        foreach (var f64 in new[] { true, false })
        foreach (var (rows, cols) in new[] { (3, 5), (17, 33), (1, 257), (257, 1), (300, 130) })
        {
            var positive = kind is BinaryOpKind.Pow;
            var aData = Inputs(rows * cols, rows, positive, f64);
            var colData = Inputs(cols, cols, kind is BinaryOpKind.Div or BinaryOpKind.Pow, f64);
            var rowData = Inputs(rows, rows + 7, kind is BinaryOpKind.Div or BinaryOpKind.Pow, f64);
            var a = Array(f64, aData, rows, cols);
            var aT = Array(f64, Transpose(aData, rows, cols), cols, rows).Transpose(0, 1); // same values, strided
            var col = Array(f64, colData, cols).Expand(rows, cols);        // stride 0 over rows
            var row = Array(f64, rowData, rows, 1).Expand(rows, cols);     // stride 0 over columns
            foreach (var (left, right, name) in new[] { (a, col, "a op col"), (row, aT, "row op aT"), (aT, row, "aT op row"), (col, a, "col op a") })
            {
                var y = Filled(f64, double.NaN, rows, cols);
                Cpu.Binary(kind, left, right, y);
                var (l, r, got) = (Read(left), Read(right), Read(y));
                for (var i = 0; i < got.Length; i++) AssertClose(Reference(kind, l[i], r[i]), got[i], f64, $"{kind} {name} {rows}x{cols} i={i}");
            }
        }
    }

    [Fact]
    public void Unary_on_a_strided_view()
    {
        foreach (var f64 in new[] { true, false })
        {
            var data = Inputs(40 * 30, 5, false, f64);
            var view = Array(f64, data, 40, 30).Slice(0, 1, 19, step: 2).Transpose(0, 1);
            var y = Filled(f64, double.NaN, view.Shape);
            Cpu.Unary(new UnaryOp(UnaryOpKind.Tanh), view, y);
            var (x, got) = (Read(view), Read(y));
            for (var i = 0; i < got.Length; i++) AssertClose(Math.Tanh(x[i]), got[i], f64, $"tanh strided i={i}");
        }
    }

    [Fact]
    public void Where_selects_with_broadcast_condition()
    {
        var cond = Array(true, [1, 0, 1], 3).Expand(2, 3);
        var a = Array(true, [1, 2, 3, 4, 5, 6], 2, 3);
        var b = Array(true, [-1], 1).Expand(2, 3);
        var y = Filled(true, double.NaN, 2, 3);
        Cpu.Ternary(TernaryOpKind.Where, cond, a, b, y);
        Assert.Equal([1.0, -1, 3, 4, -1, 6], Read(y));
    }

    private static double[] Transpose(double[] data, int rows, int cols)
    {
        var t = new double[data.Length];
        for (var i = 0; i < rows; i++)
        for (var j = 0; j < cols; j++) t[j * rows + i] = data[i * cols + j];
        return t;
    }
}
