using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Engine.Kernels.Cpu;

/// <summary>An elementwise one-input kernel: a scalar path for strided rows and a span path for contiguous ones.</summary>
internal interface IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    T Invoke(T x);

    void Invoke(ReadOnlySpan<T> x, Span<T> y);
}

/// <summary>An elementwise two-input kernel with span-span and span-scalar paths (the scalar side is a broadcast operand).</summary>
internal interface IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    T Invoke(T a, T b);

    void Invoke(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y);

    void Invoke(ReadOnlySpan<T> a, T b, Span<T> y);

    void Invoke(T a, ReadOnlySpan<T> b, Span<T> y);
}

/// <summary>A one-input operator written on SIMD vectors, for ops TensorPrimitives does not have.</summary>
internal interface IVectorUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    T Invoke(T x);

    Vector256<T> Invoke(Vector256<T> x);

    Vector512<T> Invoke(Vector512<T> x);
}

/// <summary>A two-input operator written on SIMD vectors.</summary>
internal interface IVectorBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    T Invoke(T a, T b);

    Vector256<T> Invoke(Vector256<T> a, Vector256<T> b);

    Vector512<T> Invoke(Vector512<T> a, Vector512<T> b);
}

/// <summary>
/// The SIMD loops for hand-written operators: Vector512 steps, then one Vector256 step, then a
/// scalar tail. Each output element is stored after its inputs are loaded, so y may be the same
/// span as an input.
/// </summary>
internal static class VectorLoop
{
    public static void Unary<T, TOp>(ReadOnlySpan<T> x, Span<T> y, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IVectorUnaryOperator<T>
    {
        if (x.Length != y.Length) throw new ArgumentException("cpu: span lengths differ");
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)y.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (var w = (nuint)Vector512<T>.Count; i + w <= n; i += w)
                op.Invoke(Vector512.LoadUnsafe(ref xr, i)).StoreUnsafe(ref yr, i);
        if (Vector256.IsHardwareAccelerated)
            for (var w = (nuint)Vector256<T>.Count; i + w <= n; i += w)
                op.Invoke(Vector256.LoadUnsafe(ref xr, i)).StoreUnsafe(ref yr, i);
        for (; i < n; i++) Unsafe.Add(ref yr, i) = op.Invoke(Unsafe.Add(ref xr, i));
    }

    public static void Binary<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IVectorBinaryOperator<T>
    {
        if (a.Length != y.Length || b.Length != y.Length) throw new ArgumentException("cpu: span lengths differ");
        ref var ar = ref MemoryMarshal.GetReference(a);
        ref var br = ref MemoryMarshal.GetReference(b);
        ref var yr = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)y.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (var w = (nuint)Vector512<T>.Count; i + w <= n; i += w)
                op.Invoke(Vector512.LoadUnsafe(ref ar, i), Vector512.LoadUnsafe(ref br, i)).StoreUnsafe(ref yr, i);
        if (Vector256.IsHardwareAccelerated)
            for (var w = (nuint)Vector256<T>.Count; i + w <= n; i += w)
                op.Invoke(Vector256.LoadUnsafe(ref ar, i), Vector256.LoadUnsafe(ref br, i)).StoreUnsafe(ref yr, i);
        for (; i < n; i++) Unsafe.Add(ref yr, i) = op.Invoke(Unsafe.Add(ref ar, i), Unsafe.Add(ref br, i));
    }

    public static void Binary<T, TOp>(ReadOnlySpan<T> a, T b, Span<T> y, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IVectorBinaryOperator<T>
    {
        if (a.Length != y.Length) throw new ArgumentException("cpu: span lengths differ");
        ref var ar = ref MemoryMarshal.GetReference(a);
        ref var yr = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)y.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (var w = (nuint)Vector512<T>.Count; i + w <= n; i += w)
                op.Invoke(Vector512.LoadUnsafe(ref ar, i), Vector512.Create(b)).StoreUnsafe(ref yr, i);
        if (Vector256.IsHardwareAccelerated)
            for (var w = (nuint)Vector256<T>.Count; i + w <= n; i += w)
                op.Invoke(Vector256.LoadUnsafe(ref ar, i), Vector256.Create(b)).StoreUnsafe(ref yr, i);
        for (; i < n; i++) Unsafe.Add(ref yr, i) = op.Invoke(Unsafe.Add(ref ar, i), b);
    }

    public static void Binary<T, TOp>(T a, ReadOnlySpan<T> b, Span<T> y, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IVectorBinaryOperator<T>
    {
        if (b.Length != y.Length) throw new ArgumentException("cpu: span lengths differ");
        ref var br = ref MemoryMarshal.GetReference(b);
        ref var yr = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)y.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (var w = (nuint)Vector512<T>.Count; i + w <= n; i += w)
                op.Invoke(Vector512.Create(a), Vector512.LoadUnsafe(ref br, i)).StoreUnsafe(ref yr, i);
        if (Vector256.IsHardwareAccelerated)
            for (var w = (nuint)Vector256<T>.Count; i + w <= n; i += w)
                op.Invoke(Vector256.Create(a), Vector256.LoadUnsafe(ref br, i)).StoreUnsafe(ref yr, i);
        for (; i < n; i++) Unsafe.Add(ref yr, i) = op.Invoke(a, Unsafe.Add(ref br, i));
    }
}
