using System.Numerics;
using System.Runtime.Intrinsics;

namespace Engine.Kernels.Cpu;

// Row kernels that adapt the operators to StridedLoop. Operand 0 is the output y. A row takes the
// span path when every operand is dense (stride 1), the span-scalar path when an input is
// broadcast (stride 0), and a scalar loop otherwise (transposes, steps).

internal readonly struct UnaryRow<T, TOp>(T[] x, T[] y, TOp op) : IRowKernel
    where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IUnaryOperator<T>
{
    public void Run(ReadOnlySpan<int> offsets, ReadOnlySpan<int> strides, int count)
    {
        int yo = offsets[0], xo = offsets[1], ys = strides[0], xs = strides[1];
        if (ys == 1 && xs == 1) op.Invoke(x.AsSpan(xo, count), y.AsSpan(yo, count));
        else if (ys == 1 && xs == 0) y.AsSpan(yo, count).Fill(op.Invoke(x[xo]));
        else
            for (var j = 0; j < count; j++, yo += ys, xo += xs) y[yo] = op.Invoke(x[xo]);
    }
}

internal readonly struct BinaryRow<T, TOp>(T[] a, T[] b, T[] y, TOp op) : IRowKernel
    where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IBinaryOperator<T>
{
    public void Run(ReadOnlySpan<int> offsets, ReadOnlySpan<int> strides, int count)
    {
        int yo = offsets[0], ao = offsets[1], bo = offsets[2];
        int ys = strides[0], @as = strides[1], bs = strides[2];
        if (ys == 1)
        {
            var dst = y.AsSpan(yo, count);
            switch (@as, bs)
            {
                case (1, 1): op.Invoke(a.AsSpan(ao, count), b.AsSpan(bo, count), dst); return;
                case (1, 0): op.Invoke(a.AsSpan(ao, count), b[bo], dst); return;
                case (0, 1): op.Invoke(a[ao], b.AsSpan(bo, count), dst); return;
                case (0, 0): dst.Fill(op.Invoke(a[ao], b[bo])); return;
            }
        }
        for (var j = 0; j < count; j++, yo += ys, ao += @as, bo += bs) y[yo] = op.Invoke(a[ao], b[bo]);
    }
}

/// <summary>where(c, a, b) = c != 0 ? a : b; a NaN condition counts as true, as it is not zero.</summary>
internal readonly struct WhereRow<T>(T[] c, T[] a, T[] b, T[] y) : IRowKernel where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Run(ReadOnlySpan<int> offsets, ReadOnlySpan<int> strides, int count)
    {
        int yo = offsets[0], co = offsets[1], ao = offsets[2], bo = offsets[3];
        int ys = strides[0], cs = strides[1], @as = strides[2], bs = strides[3];
        if (ys == 1 && cs == 1 && @as == 1 && bs == 1)
        {
            Select(c.AsSpan(co, count), a.AsSpan(ao, count), b.AsSpan(bo, count), y.AsSpan(yo, count));
            return;
        }
        for (var j = 0; j < count; j++, yo += ys, co += cs, ao += @as, bo += bs)
            y[yo] = c[co] != T.Zero ? a[ao] : b[bo];
    }

    private static void Select(ReadOnlySpan<T> c, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (var w = Vector512<T>.Count; i + w <= y.Length; i += w)
                Vector512.ConditionalSelect(Vector512.Equals(Vector512.Create(c.Slice(i, w)), Vector512<T>.Zero),
                    Vector512.Create(b.Slice(i, w)), Vector512.Create(a.Slice(i, w))).CopyTo(y.Slice(i, w));
        if (Vector256.IsHardwareAccelerated)
            for (var w = Vector256<T>.Count; i + w <= y.Length; i += w)
                Vector256.ConditionalSelect(Vector256.Equals(Vector256.Create(c.Slice(i, w)), Vector256<T>.Zero),
                    Vector256.Create(b.Slice(i, w)), Vector256.Create(a.Slice(i, w))).CopyTo(y.Slice(i, w));
        for (; i < y.Length; i++) y[i] = c[i] != T.Zero ? a[i] : b[i];
    }
}
