using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Engine.Kernels.Cpu;

// One operator per BinaryOpKind. Arithmetic maps onto TensorPrimitives; for commutative ops the
// scalar-span form reuses the span-scalar call.

internal readonly struct AddOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T a, T b) => a + b;
    public void Invoke(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Add(a, b, y);
    public void Invoke(ReadOnlySpan<T> a, T b, Span<T> y) => TensorPrimitives.Add(a, b, y);
    public void Invoke(T a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Add(b, a, y);
}

internal readonly struct SubOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T a, T b) => a - b;
    public void Invoke(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Subtract(a, b, y);
    public void Invoke(ReadOnlySpan<T> a, T b, Span<T> y) => TensorPrimitives.Subtract(a, b, y);
    public void Invoke(T a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Subtract(a, b, y);
}

internal readonly struct MulOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T a, T b) => a * b;
    public void Invoke(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Multiply(a, b, y);
    public void Invoke(ReadOnlySpan<T> a, T b, Span<T> y) => TensorPrimitives.Multiply(a, b, y);
    public void Invoke(T a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Multiply(b, a, y);
}

internal readonly struct DivOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T a, T b) => a / b;
    public void Invoke(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Divide(a, b, y);
    public void Invoke(ReadOnlySpan<T> a, T b, Span<T> y) => TensorPrimitives.Divide(a, b, y);
    public void Invoke(T a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Divide(a, b, y);
}

internal readonly struct PowOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T a, T b) => T.Pow(a, b);
    public void Invoke(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Pow(a, b, y);
    public void Invoke(ReadOnlySpan<T> a, T b, Span<T> y) => TensorPrimitives.Pow(a, b, y);
    public void Invoke(T a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Pow(a, b, y);
}

/// <summary>IEEE 754-2019 maximum: NaN propagates and +0 beats -0, on every path.</summary>
internal readonly struct MaximumOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T a, T b) => T.Max(a, b);
    public void Invoke(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Max(a, b, y);
    public void Invoke(ReadOnlySpan<T> a, T b, Span<T> y) => TensorPrimitives.Max(a, b, y);
    public void Invoke(T a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Max(b, a, y);
}

/// <summary>IEEE 754-2019 minimum: NaN propagates and -0 beats +0, on every path.</summary>
internal readonly struct MinimumOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T a, T b) => T.Min(a, b);
    public void Invoke(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Min(a, b, y);
    public void Invoke(ReadOnlySpan<T> a, T b, Span<T> y) => TensorPrimitives.Min(a, b, y);
    public void Invoke(T a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Min(b, a, y);
}

internal readonly struct GreaterOperator<T> : IBinaryOperator<T>, IVectorBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T a, T b) => a > b ? T.One : T.Zero;
    public Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => Vector256.GreaterThan(a, b) & Vector256<T>.One;
    public Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => Vector512.GreaterThan(a, b) & Vector512<T>.One;
    public void Invoke(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) => VectorLoop.Binary(a, b, y, this);
    public void Invoke(ReadOnlySpan<T> a, T b, Span<T> y) => VectorLoop.Binary(a, b, y, this);
    public void Invoke(T a, ReadOnlySpan<T> b, Span<T> y) => VectorLoop.Binary(a, b, y, this);
}

internal readonly struct GreaterEqualOperator<T> : IBinaryOperator<T>, IVectorBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T a, T b) => a >= b ? T.One : T.Zero;
    public Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => Vector256.GreaterThanOrEqual(a, b) & Vector256<T>.One;
    public Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => Vector512.GreaterThanOrEqual(a, b) & Vector512<T>.One;
    public void Invoke(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) => VectorLoop.Binary(a, b, y, this);
    public void Invoke(ReadOnlySpan<T> a, T b, Span<T> y) => VectorLoop.Binary(a, b, y, this);
    public void Invoke(T a, ReadOnlySpan<T> b, Span<T> y) => VectorLoop.Binary(a, b, y, this);
}

internal readonly struct LessOperator<T> : IBinaryOperator<T>, IVectorBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T a, T b) => a < b ? T.One : T.Zero;
    public Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => Vector256.LessThan(a, b) & Vector256<T>.One;
    public Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => Vector512.LessThan(a, b) & Vector512<T>.One;
    public void Invoke(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) => VectorLoop.Binary(a, b, y, this);
    public void Invoke(ReadOnlySpan<T> a, T b, Span<T> y) => VectorLoop.Binary(a, b, y, this);
    public void Invoke(T a, ReadOnlySpan<T> b, Span<T> y) => VectorLoop.Binary(a, b, y, this);
}

internal readonly struct EqualOperator<T> : IBinaryOperator<T>, IVectorBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T a, T b) => a == b ? T.One : T.Zero;
    public Vector256<T> Invoke(Vector256<T> a, Vector256<T> b) => Vector256.Equals(a, b) & Vector256<T>.One;
    public Vector512<T> Invoke(Vector512<T> a, Vector512<T> b) => Vector512.Equals(a, b) & Vector512<T>.One;
    public void Invoke(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) => VectorLoop.Binary(a, b, y, this);
    public void Invoke(ReadOnlySpan<T> a, T b, Span<T> y) => VectorLoop.Binary(a, b, y, this);
    public void Invoke(T a, ReadOnlySpan<T> b, Span<T> y) => VectorLoop.Binary(a, b, y, this);
}
