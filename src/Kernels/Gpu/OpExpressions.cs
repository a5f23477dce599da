using System.Text;
using Engine.Tensors;

namespace Engine.Kernels.Gpu;

/// <summary>
/// Each elementwise op as a C expression over T values (x, alpha, beta; a, b; c, a, b), the GPU
/// counterpart of the CPU operator structs. The host turns the table into the switch functions
/// unary_op / binary_op / ternary_op that the elementwise kernels call. NaN handling follows the
/// CPU backend: max/min and relu propagate NaN, sign passes it through.
/// </summary>
internal static class OpExpressions
{
    public static string Unary(UnaryOpKind kind) => kind switch
    {
        UnaryOpKind.Neg => "-x",
        UnaryOpKind.Exp => "exp(x)",
        UnaryOpKind.Log => "log(x)",
        UnaryOpKind.Sqrt => "sqrt(x)",
        UnaryOpKind.Abs => "fabs(x)",
        UnaryOpKind.Sign => "x > (T)0 ? (T)1 : x < (T)0 ? (T)-1 : x",
        UnaryOpKind.Tanh => "tanh(x)",
        UnaryOpKind.Sigmoid => "(T)1 / ((T)1 + exp(-x))",
        UnaryOpKind.Relu => "max_nan(x, (T)0)",
        UnaryOpKind.Step => "x > (T)0 ? (T)1 : (T)0",
        UnaryOpKind.LeakyRelu => "x > (T)0 ? x : alpha * x",
        UnaryOpKind.LeakyReluSlope => "x > (T)0 ? (T)1 : alpha",
        UnaryOpKind.Softplus => "log1p(exp(-fabs(x))) + max_nan(x, (T)0)",
        UnaryOpKind.Elu => "x > (T)0 ? x : alpha * (exp(x) - (T)1)",
        UnaryOpKind.Clamp => "min_nan(max_nan(x, alpha), beta)",
        UnaryOpKind.InRange => "(alpha <= x && x <= beta) ? (T)1 : (T)0",
        UnaryOpKind.PowScalar => "pow(x, alpha)",
        UnaryOpKind.Square => "x * x",
        UnaryOpKind.Reciprocal => "(T)1 / x",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "gpu: unary op without a C expression"),
    };

    public static string Binary(BinaryOpKind kind) => kind switch
    {
        BinaryOpKind.Add => "a + b",
        BinaryOpKind.Sub => "a - b",
        BinaryOpKind.Mul => "a * b",
        BinaryOpKind.Div => "a / b",
        BinaryOpKind.Pow => "pow(a, b)",
        BinaryOpKind.Maximum => "max_nan(a, b)",
        BinaryOpKind.Minimum => "min_nan(a, b)",
        BinaryOpKind.Greater => "a > b ? (T)1 : (T)0",
        BinaryOpKind.GreaterEqual => "a >= b ? (T)1 : (T)0",
        BinaryOpKind.Less => "a < b ? (T)1 : (T)0",
        BinaryOpKind.Equal => "a == b ? (T)1 : (T)0",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "gpu: binary op without a C expression"),
    };

    public static string Ternary(TernaryOpKind kind) => kind switch
    {
        TernaryOpKind.Where => "c != (T)0 ? a : b",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "gpu: ternary op without a C expression"),
    };

    /// <summary>The generated switch functions, case n being the enum value n.</summary>
    public static string SwitchFunctions()
    {
        var s = new StringBuilder();
        Switch(s, "unary_op", "T x, T alpha, T beta", Enum.GetValues<UnaryOpKind>().Select(k => ((int)k, Unary(k))));
        Switch(s, "binary_op", "T a, T b", Enum.GetValues<BinaryOpKind>().Select(k => ((int)k, Binary(k))));
        Switch(s, "ternary_op", "T c, T a, T b", Enum.GetValues<TernaryOpKind>().Select(k => ((int)k, Ternary(k))));
        return s.ToString();
    }

    private static void Switch(StringBuilder s, string name, string parameters, IEnumerable<(int Code, string Expression)> cases)
    {
        s.Append("INLINE T ").Append(name).Append("(int op, ").Append(parameters).Append(")\n{\n    switch (op)\n    {\n");
        foreach (var (code, expression) in cases) s.Append("        case ").Append(code).Append(": return ").Append(expression).Append(";\n");
        s.Append("    }\n    return (T)0;\n}\n\n");
    }
}
