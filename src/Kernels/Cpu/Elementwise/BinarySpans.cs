using System.Numerics;
using Engine.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Engine.Kernels.Cpu;

/// <summary>
/// The CPU operator of each binary op over contiguous spans, with the span-scalar forms the
/// strided driver uses when one operand is broadcast along the inner dimension.
/// </summary>
internal static class BinarySpans
{
    public static void Apply<T>(BinaryOpKind op, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (op)
        {
            case BinaryOpKind.Add: TP.Add(a, b, y); break;
            case BinaryOpKind.Sub: TP.Subtract(a, b, y); break;
            case BinaryOpKind.Mul: TP.Multiply(a, b, y); break;
            case BinaryOpKind.Div: TP.Divide(a, b, y); break;
            case BinaryOpKind.Pow: TP.Pow(a, b, y); break;
            case BinaryOpKind.Maximum: TP.Max(a, b, y); break;
            case BinaryOpKind.Minimum: TP.Min(a, b, y); break;
            default:
                for (var i = 0; i < y.Length; i++) y[i] = Scalar(op, a[i], b[i]);
                break;
        }
    }

    /// <summary>y = op(a, b) with b one value.</summary>
    public static void ApplyScalarRight<T>(BinaryOpKind op, ReadOnlySpan<T> a, T b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (op)
        {
            case BinaryOpKind.Add: TP.Add(a, b, y); break;
            case BinaryOpKind.Sub: TP.Subtract(a, b, y); break;
            case BinaryOpKind.Mul: TP.Multiply(a, b, y); break;
            case BinaryOpKind.Div: TP.Divide(a, b, y); break;
            case BinaryOpKind.Pow: TP.Pow(a, b, y); break;
            case BinaryOpKind.Maximum: TP.Max(a, b, y); break;
            case BinaryOpKind.Minimum: TP.Min(a, b, y); break;
            default:
                for (var i = 0; i < y.Length; i++) y[i] = Scalar(op, a[i], b);
                break;
        }
    }

    /// <summary>y = op(a, b) with a one value.</summary>
    public static void ApplyScalarLeft<T>(BinaryOpKind op, T a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (op)
        {
            case BinaryOpKind.Add: TP.Add(b, a, y); break;
            case BinaryOpKind.Sub: TP.Subtract(a, b, y); break;
            case BinaryOpKind.Mul: TP.Multiply(b, a, y); break;
            case BinaryOpKind.Div: TP.Divide(a, b, y); break;
            case BinaryOpKind.Pow: TP.Pow(a, b, y); break;
            case BinaryOpKind.Maximum: TP.Max(b, a, y); break;
            case BinaryOpKind.Minimum: TP.Min(b, a, y); break;
            default:
                for (var i = 0; i < y.Length; i++) y[i] = Scalar(op, a, b[i]);
                break;
        }
    }

    public static T Scalar<T>(BinaryOpKind op, T a, T b) where T : unmanaged, IFloatingPointIeee754<T> => op switch
    {
        BinaryOpKind.Add => a + b,
        BinaryOpKind.Sub => a - b,
        BinaryOpKind.Mul => a * b,
        BinaryOpKind.Div => a / b,
        BinaryOpKind.Pow => T.Pow(a, b),
        BinaryOpKind.Maximum => T.Max(a, b),
        BinaryOpKind.Minimum => T.Min(a, b),
        BinaryOpKind.Greater => a > b ? T.One : T.Zero,
        BinaryOpKind.GreaterEqual => a >= b ? T.One : T.Zero,
        BinaryOpKind.Less => a < b ? T.One : T.Zero,
        BinaryOpKind.Equal => a == b ? T.One : T.Zero,
        _ => throw new NotSupportedException($"cpu: binary op {op} has no CPU operator"),
    };
}
