using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Engine.Kernels.Cpu;

// One operator per UnaryOpKind whose span path is a TensorPrimitives call.

internal readonly struct NegOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => -x;
    public void Invoke(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Negate(x, y);
}

internal readonly struct ExpOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => T.Exp(x);
    public void Invoke(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Exp(x, y);
}

internal readonly struct LogOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => T.Log(x);
    public void Invoke(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Log(x, y);
}

internal readonly struct SqrtOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => T.Sqrt(x);
    public void Invoke(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Sqrt(x, y);
}

internal readonly struct AbsOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => T.Abs(x);
    public void Invoke(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Abs(x, y);
}

internal readonly struct TanhOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => T.Tanh(x);
    public void Invoke(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Tanh(x, y);
}

internal readonly struct SigmoidOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => T.One / (T.One + T.Exp(-x));
    public void Invoke(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Sigmoid(x, y);
}

internal readonly struct ReluOperator<T> : IUnaryOperator<T>, IVectorUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => T.Max(x, T.Zero);
    public void Invoke(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Max(x, T.Zero, y);
    public Vector256<T> Invoke(Vector256<T> x) => Vector256.Max(x, Vector256<T>.Zero);
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.Max(x, Vector512<T>.Zero);
}

internal readonly struct PowScalarOperator<T>(T exponent) : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => T.Pow(x, exponent);
    public void Invoke(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Pow(x, exponent, y);
}

/// <summary>min(max(x, lo), hi); when lo &gt; hi this is hi everywhere, on both paths.</summary>
internal readonly struct ClampOperator<T>(T lo, T hi) : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => T.Min(T.Max(x, lo), hi);
    public void Invoke(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Clamp(x, lo, hi, y);
}

internal readonly struct SquareOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => x * x;
    public void Invoke(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Multiply(x, x, y);
}

internal readonly struct ReciprocalOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => T.One / x;
    public void Invoke(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Reciprocal(x, y);
}

/// <summary>
/// softplus(x) = log1p(e^-|x|) + max(x, 0): never overflows, and keeps full relative precision for
/// very negative x, where the naive ln(1 + e^x) rounds to 0.
/// </summary>
internal readonly struct SoftplusOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => Log1P(T.Exp(-T.Abs(x))) + T.Max(x, T.Zero);

    public void Invoke(ReadOnlySpan<T> x, Span<T> y)
    {
        // The exponential is the costly part and vectorizes; log1p has no accurate vector form here.
        TensorPrimitives.Abs(x, y);
        TensorPrimitives.Negate(y, y);
        TensorPrimitives.Exp(y, y);
        for (var i = 0; i < y.Length; i++) y[i] = Log1P(y[i]) + T.Max(x[i], T.Zero);
    }

    /// <summary>ln(1 + u) accurate for small u (Goldberg's trick: the rounding of 1 + u cancels).</summary>
    private static T Log1P(T u)
    {
        var w = T.One + u;
        return w == T.One ? u : T.Log(w) * (u / (w - T.One));
    }
}

/// <summary>elu(x) = x &gt; 0 ? x : alpha * (e^x - 1); the exponential runs vectorized, the select as a SIMD operator.</summary>
internal readonly struct EluOperator<T>(T alpha) : IUnaryOperator<T>, IVectorBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => x > T.Zero ? x : alpha * (T.Exp(x) - T.One);

    public void Invoke(ReadOnlySpan<T> x, Span<T> y)
    {
        TensorPrimitives.Exp(x, y);
        VectorLoop.Binary(x, y, y, this);
    }

    // (x, e^x) -> elu(x)
    public T Invoke(T x, T ex) => x > T.Zero ? x : alpha * (ex - T.One);

    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> ex) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero),
            x, Vector256.Create(alpha) * (ex - Vector256<T>.One));

    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> ex) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero),
            x, Vector512.Create(alpha) * (ex - Vector512<T>.One));
}
