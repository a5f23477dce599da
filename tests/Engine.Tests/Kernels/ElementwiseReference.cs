using Engine.Tensors;

namespace Engine.Tests.Kernels;

/// <summary>Plain float64 definitions of every elementwise op, and inputs in each op's domain.</summary>
internal static class ElementwiseReference
{
    public static readonly IReadOnlyDictionary<UnaryOpKind, UnaryOp> UnaryOps = new Dictionary<UnaryOpKind, UnaryOp>
    {
        [UnaryOpKind.LeakyRelu] = new(UnaryOpKind.LeakyRelu, 0.2),
        [UnaryOpKind.LeakyReluSlope] = new(UnaryOpKind.LeakyReluSlope, 0.2),
        [UnaryOpKind.Elu] = new(UnaryOpKind.Elu, 1.3),
        [UnaryOpKind.Clamp] = new(UnaryOpKind.Clamp, -0.5, 1.5),
        [UnaryOpKind.InRange] = new(UnaryOpKind.InRange, -0.5, 1.5),
        [UnaryOpKind.PowScalar] = new(UnaryOpKind.PowScalar, 2.5),
    };

    public static UnaryOp Op(UnaryOpKind kind) => UnaryOps.TryGetValue(kind, out var op) ? op : new UnaryOp(kind);

    public static double Unary(UnaryOp op, double x) => op.Kind switch
    {
        UnaryOpKind.Neg => -x,
        UnaryOpKind.Exp => Math.Exp(x),
        UnaryOpKind.Log => Math.Log(x),
        UnaryOpKind.Sqrt => Math.Sqrt(x),
        UnaryOpKind.Abs => Math.Abs(x),
        UnaryOpKind.Sign => x > 0 ? 1 : x < 0 ? -1 : 0,
        UnaryOpKind.Tanh => Math.Tanh(x),
        UnaryOpKind.Sigmoid => 1 / (1 + Math.Exp(-x)),
        UnaryOpKind.Relu => x > 0 ? x : 0,
        UnaryOpKind.Step => x > 0 ? 1 : 0,
        UnaryOpKind.LeakyRelu => x > 0 ? x : op.Alpha * x,
        UnaryOpKind.LeakyReluSlope => x > 0 ? 1 : op.Alpha,
        UnaryOpKind.Softplus => Math.Log(1 + Math.Exp(x)),
        UnaryOpKind.Elu => x > 0 ? x : op.Alpha * (Math.Exp(x) - 1),
        UnaryOpKind.Clamp => x < op.Alpha ? op.Alpha : x > op.Beta ? op.Beta : x,
        UnaryOpKind.InRange => x >= op.Alpha && x <= op.Beta ? 1 : 0,
        UnaryOpKind.PowScalar => Math.Pow(x, op.Alpha),
        UnaryOpKind.Square => x * x,
        UnaryOpKind.Reciprocal => 1 / x,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static double Binary(BinaryOpKind op, double a, double b) => op switch
    {
        BinaryOpKind.Add => a + b,
        BinaryOpKind.Sub => a - b,
        BinaryOpKind.Mul => a * b,
        BinaryOpKind.Div => a / b,
        BinaryOpKind.Pow => Math.Pow(a, b),
        BinaryOpKind.Maximum => a > b ? a : b,
        BinaryOpKind.Minimum => a < b ? a : b,
        BinaryOpKind.Greater => a > b ? 1 : 0,
        BinaryOpKind.GreaterEqual => a >= b ? 1 : 0,
        BinaryOpKind.Less => a < b ? 1 : 0,
        BinaryOpKind.Equal => a == b ? 1 : 0,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>Inputs in the op's domain, with the op's kinks (0, alpha, beta) planted every few elements.</summary>
    public static double[] UnaryInput(UnaryOp op, int n, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            var u = rng.NextDouble();
            x[i] = op.Kind switch
            {
                UnaryOpKind.Log or UnaryOpKind.Sqrt or UnaryOpKind.PowScalar => 0.05 + 4 * u,
                UnaryOpKind.Reciprocal => (u < 0.5 ? -1 : 1) * (0.2 + 4 * u),
                UnaryOpKind.Softplus => -30 + 60 * u, // reaches where ln(1 + e^x) underflows naively
                _ => -4 + 8 * u,
            };
            if (i % 5 == 3 && op.Kind is not (UnaryOpKind.Log or UnaryOpKind.Reciprocal or UnaryOpKind.PowScalar or UnaryOpKind.Sqrt))
                x[i] = (i / 5 % 3) switch { 0 => 0, 1 => op.Alpha, _ => op.Beta };
        }
        return x;
    }

    /// <summary>Pairs in the op's domain; every fourth pair is equal so comparisons see ties.</summary>
    public static (double[] A, double[] B) BinaryInputs(BinaryOpKind op, int n, int seed)
    {
        var rng = new Random(seed);
        double[] a = new double[n], b = new double[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = op == BinaryOpKind.Pow ? 0.1 + 3 * rng.NextDouble() : -4 + 8 * rng.NextDouble();
            b[i] = op switch
            {
                BinaryOpKind.Pow => -2 + 4 * rng.NextDouble(),
                BinaryOpKind.Div => (rng.NextDouble() < 0.5 ? -1 : 1) * (0.2 + 3 * rng.NextDouble()),
                _ => -4 + 8 * rng.NextDouble(),
            };
            if (i % 4 == 1 && op != BinaryOpKind.Div) b[i] = a[i];
        }
        return (a, b);
    }

    public static NDArray Upload(DType dtype, double[] values, params int[] shape) =>
        NDArray.FromArray(Engine.Kernels.Cpu.CpuBackend.Instance,
            dtype == DType.Float64 ? values : Array.ConvertAll(values, v => (float)v), shape);

    /// <summary>The values as the array stores them (rounded to float32 when it is float32).</summary>
    public static double[] Stored(DType dtype, double[] values) =>
        dtype == DType.Float64 ? values : Array.ConvertAll(values, v => (double)(float)v);

    /// <summary>Asserts |got - expected| &lt;= rtol |expected| + atol elementwise (NaN only matches NaN).</summary>
    public static void AssertClose(double[] expected, double[] got, DType dtype, string what)
    {
        var (rtol, atol) = dtype == DType.Float32 ? (1e-5, 1e-6) : (1e-12, 1e-14);
        Xunit.Assert.Equal(expected.Length, got.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i]) && double.IsNaN(got[i])) continue;
            if (expected[i] == got[i]) continue; // covers infinities
            if (!(Math.Abs(got[i] - expected[i]) <= rtol * Math.Abs(expected[i]) + atol))
                Xunit.Assert.Fail($"{what}: element {i} of {expected.Length}: got {got[i]:R}, expected {expected[i]:R}");
        }
    }

    /// <summary>Reads the elements of a view in row-major order by index arithmetic on its base data (independent of the backend's loops).</summary>
    public static double[] Gather(double[] baseData, int[] shape, int[] strides, int offset)
    {
        var n = Shape.Numel(shape);
        var result = new double[n];
        var index = new int[shape.Length];
        for (var i = 0; i < n; i++)
        {
            var rest = i;
            var at = offset;
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                index[d] = rest % shape[d];
                rest /= shape[d];
                at += index[d] * strides[d];
            }
            result[i] = baseData[at];
        }
        return result;
    }
}
