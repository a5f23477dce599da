using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Engine.Kernels.Cpu;

// Reduction rows for StridedLoop. Operand 0 is the accumulator seen through x's index space (stride 0
// along reduced axes), operand 1 is x. A row either folds into one accumulator (stride 0) or adds
// elementwise into a row of accumulators (stride 1, e.g. summing the rows of a matrix).

/// <summary>Sums into a float64 accumulator, whatever T is, so float32 sums of long rows stay accurate.</summary>
internal readonly struct SumRow<T>(double[] acc, T[] x) : IRowKernel where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Run(ReadOnlySpan<int> offsets, ReadOnlySpan<int> strides, int count)
    {
        int ao = offsets[0], xo = offsets[1], @as = strides[0], xs = strides[1];
        if (@as == 0)
        {
            if (xs == 1) acc[ao] += RowSum(x.AsSpan(xo, count));
            else if (xs == 0) acc[ao] += count * double.CreateTruncating(x[xo]);
            else
            {
                var s = 0.0;
                for (var j = 0; j < count; j++, xo += xs) s += double.CreateTruncating(x[xo]);
                acc[ao] += s;
            }
            return;
        }
        if (@as == 1 && xs == 1 && typeof(T) == typeof(double))
        {
            var a = acc.AsSpan(ao, count);
            TensorPrimitives.Add(a, MemoryMarshal.Cast<T, double>(x.AsSpan(xo, count)), a);
            return;
        }
        if (@as == 1 && xs == 1 && typeof(T) == typeof(float))
        {
            WidenedAdd(acc.AsSpan(ao, count), MemoryMarshal.Cast<T, float>(x.AsSpan(xo, count)));
            return;
        }
        for (var j = 0; j < count; j++, ao += @as, xo += xs) acc[ao] += double.CreateTruncating(x[xo]);
    }

    /// <summary>acc[j] += row[j] with float32 widened to float64 lanes (summing the rows of a matrix, e.g. a bias gradient).</summary>
    private static void WidenedAdd(Span<double> acc, ReadOnlySpan<float> row)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (var w = Vector512<float>.Count; i + w <= row.Length; i += w)
            {
                var (l, h) = Vector512.Widen(Vector512.Create(row.Slice(i, w)));
                (Vector512.Create(acc.Slice(i, w / 2)) + l).CopyTo(acc.Slice(i, w / 2));
                (Vector512.Create(acc.Slice(i + w / 2, w / 2)) + h).CopyTo(acc.Slice(i + w / 2, w / 2));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (var w = Vector256<float>.Count; i + w <= row.Length; i += w)
            {
                var (l, h) = Vector256.Widen(Vector256.Create(row.Slice(i, w)));
                (Vector256.Create(acc.Slice(i, w / 2)) + l).CopyTo(acc.Slice(i, w / 2));
                (Vector256.Create(acc.Slice(i + w / 2, w / 2)) + h).CopyTo(acc.Slice(i + w / 2, w / 2));
            }
        }
        for (; i < row.Length; i++) acc[i] += row[i];
    }

    private static double RowSum(ReadOnlySpan<T> row) =>
        typeof(T) == typeof(float) ? WidenedSum(MemoryMarshal.Cast<T, float>(row))
        : double.CreateTruncating(TensorPrimitives.Sum(row));

    /// <summary>
    /// Sum of float32 values in float64 lanes: TensorPrimitives.Sum accumulates in float32, which
    /// drifts by many ulps over a long row (a million times 0.1f), while widening costs little.
    /// </summary>
    private static double WidenedSum(ReadOnlySpan<float> row)
    {
        var i = 0;
        var total = 0.0;
        if (Vector512.IsHardwareAccelerated && row.Length >= Vector512<float>.Count)
        {
            Vector512<double> lo = Vector512<double>.Zero, hi = Vector512<double>.Zero;
            for (var w = Vector512<float>.Count; i + w <= row.Length; i += w)
            {
                var (l, h) = Vector512.Widen(Vector512.Create(row.Slice(i, w)));
                lo += l;
                hi += h;
            }
            total = Vector512.Sum(lo + hi);
        }
        else if (Vector256.IsHardwareAccelerated && row.Length >= Vector256<float>.Count)
        {
            Vector256<double> lo = Vector256<double>.Zero, hi = Vector256<double>.Zero;
            for (var w = Vector256<float>.Count; i + w <= row.Length; i += w)
            {
                var (l, h) = Vector256.Widen(Vector256.Create(row.Slice(i, w)));
                lo += l;
                hi += h;
            }
            total = Vector256.Sum(lo + hi);
        }
        for (; i < row.Length; i++) total += row[i];
        return total;
    }
}

/// <summary>Running maximum in y itself (exact in any order); NaN propagates.</summary>
internal readonly struct MaxRow<T>(T[] y, T[] x) : IRowKernel where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Run(ReadOnlySpan<int> offsets, ReadOnlySpan<int> strides, int count)
    {
        int yo = offsets[0], xo = offsets[1], ys = strides[0], xs = strides[1];
        if (ys == 0 && xs == 1) y[yo] = T.Max(y[yo], TensorPrimitives.Max(x.AsSpan(xo, count)));
        else if (ys == 1 && xs == 1) TensorPrimitives.Max(y.AsSpan(yo, count), x.AsSpan(xo, count), y.AsSpan(yo, count));
        else if (ys == 1 && xs == 0) TensorPrimitives.Max(y.AsSpan(yo, count), x[xo], y.AsSpan(yo, count));
        else
            for (var j = 0; j < count; j++, yo += ys, xo += xs) y[yo] = T.Max(y[yo], x[xo]);
    }
}
