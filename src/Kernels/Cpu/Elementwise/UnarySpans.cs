using System.Numerics;
using Engine.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Engine.Kernels.Cpu;

/// <summary>
/// The CPU operator of each unary op over contiguous spans: TensorPrimitives where it has the
/// function (vectorised), a plain loop for masks and piecewise functions it lacks.
/// </summary>
internal static class UnarySpans
{
    public static void Apply<T>(UnaryOp op, ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = T.CreateTruncating(op.Alpha);
        var b = T.CreateTruncating(op.Beta);
        switch (op.Kind)
        {
            case UnaryOpKind.Neg: TP.Negate(x, y); break;
            case UnaryOpKind.Exp: TP.Exp(x, y); break;
            case UnaryOpKind.Log: TP.Log(x, y); break;
            case UnaryOpKind.Sqrt: TP.Sqrt(x, y); break;
            case UnaryOpKind.Abs: TP.Abs(x, y); break;
            case UnaryOpKind.Tanh: TP.Tanh(x, y); break;
            case UnaryOpKind.Sigmoid: TP.Sigmoid(x, y); break;
            case UnaryOpKind.Relu: TP.Max(x, T.Zero, y); break;
            case UnaryOpKind.Square: TP.Multiply(x, x, y); break;
            case UnaryOpKind.Reciprocal: TP.Divide(T.One, x, y); break;
            case UnaryOpKind.PowScalar:
                if (op.Alpha == 2) TP.Multiply(x, x, y);
                else if (op.Alpha == 1) x.CopyTo(y);
                else TP.Pow(x, a, y);
                break;
            case UnaryOpKind.Clamp:
                TP.Max(x, a, y);
                TP.Min(y, b, y);
                break;
            case UnaryOpKind.Sign:
                for (var i = 0; i < x.Length; i++) y[i] = x[i] > T.Zero ? T.One : x[i] < T.Zero ? -T.One : T.Zero;
                break;
            case UnaryOpKind.Step:
                for (var i = 0; i < x.Length; i++) y[i] = x[i] > T.Zero ? T.One : T.Zero;
                break;
            case UnaryOpKind.LeakyRelu:
                for (var i = 0; i < x.Length; i++) y[i] = x[i] > T.Zero ? x[i] : a * x[i];
                break;
            case UnaryOpKind.LeakyReluSlope:
                for (var i = 0; i < x.Length; i++) y[i] = x[i] > T.Zero ? T.One : a;
                break;
            case UnaryOpKind.Softplus:
                // max(x, 0) + log1p(e^-|x|): no overflow for large |x|
                for (var i = 0; i < x.Length; i++) y[i] = T.Max(x[i], T.Zero) + T.LogP1(T.Exp(-T.Abs(x[i])));
                break;
            case UnaryOpKind.Elu:
                for (var i = 0; i < x.Length; i++) y[i] = x[i] > T.Zero ? x[i] : a * (T.Exp(x[i]) - T.One);
                break;
            case UnaryOpKind.InRange:
                for (var i = 0; i < x.Length; i++) y[i] = x[i] >= a && x[i] <= b ? T.One : T.Zero;
                break;
            default: throw new NotSupportedException($"cpu: unary op {op.Kind} has no CPU operator");
        }
    }
}
