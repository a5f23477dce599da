using System.Numerics;
using System.Runtime.Intrinsics;

namespace Engine.Kernels.Cpu;

// Selects and masks that TensorPrimitives has no call for: hand-written SIMD operators whose span
// path is VectorLoop. A comparison mask ANDed with the bits of 1.0 gives exactly 1 or 0.

internal readonly struct SignOperator<T> : IUnaryOperator<T>, IVectorUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // NaN passes through (neither comparison holds), like PyTorch.
    public T Invoke(T x) => x > T.Zero ? T.One : x < T.Zero ? -T.One : x;
    public void Invoke(ReadOnlySpan<T> x, Span<T> y) => VectorLoop.Unary(x, y, this);

    public Vector256<T> Invoke(Vector256<T> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), Vector256<T>.One,
            Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<T>.Zero), -Vector256<T>.One, x));

    public Vector512<T> Invoke(Vector512<T> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), Vector512<T>.One,
            Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<T>.Zero), -Vector512<T>.One, x));
}

internal readonly struct StepOperator<T> : IUnaryOperator<T>, IVectorUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => x > T.Zero ? T.One : T.Zero;
    public void Invoke(ReadOnlySpan<T> x, Span<T> y) => VectorLoop.Unary(x, y, this);
    public Vector256<T> Invoke(Vector256<T> x) => Vector256.GreaterThan(x, Vector256<T>.Zero) & Vector256<T>.One;
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.GreaterThan(x, Vector512<T>.Zero) & Vector512<T>.One;
}

internal readonly struct LeakyReluOperator<T>(T alpha) : IUnaryOperator<T>, IVectorUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => x > T.Zero ? x : alpha * x;
    public void Invoke(ReadOnlySpan<T> x, Span<T> y) => VectorLoop.Unary(x, y, this);
    public Vector256<T> Invoke(Vector256<T> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), x, Vector256.Create(alpha) * x);
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), x, Vector512.Create(alpha) * x);
}

internal readonly struct LeakyReluSlopeOperator<T>(T alpha) : IUnaryOperator<T>, IVectorUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => x > T.Zero ? T.One : alpha;
    public void Invoke(ReadOnlySpan<T> x, Span<T> y) => VectorLoop.Unary(x, y, this);
    public Vector256<T> Invoke(Vector256<T> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), Vector256<T>.One, Vector256.Create(alpha));
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), Vector512<T>.One, Vector512.Create(alpha));
}

internal readonly struct InRangeOperator<T>(T lo, T hi) : IUnaryOperator<T>, IVectorUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x) => x >= lo && x <= hi ? T.One : T.Zero;
    public void Invoke(ReadOnlySpan<T> x, Span<T> y) => VectorLoop.Unary(x, y, this);

    public Vector256<T> Invoke(Vector256<T> x) =>
        Vector256.GreaterThanOrEqual(x, Vector256.Create(lo)) & Vector256.LessThanOrEqual(x, Vector256.Create(hi)) & Vector256<T>.One;

    public Vector512<T> Invoke(Vector512<T> x) =>
        Vector512.GreaterThanOrEqual(x, Vector512.Create(lo)) & Vector512.LessThanOrEqual(x, Vector512.Create(hi)) & Vector512<T>.One;
}
