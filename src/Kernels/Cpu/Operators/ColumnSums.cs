using System.Numerics;
using System.Runtime.Intrinsics;

namespace Engine.Kernels.Cpu;

/// <summary>
/// The sums over the leading rows of a contiguous [rows, cols] block (a bias gradient: Linear's
/// rows.Sum([0])), in float64 lanes. Each column is summed from zero, rows ascending, exactly as
/// the row-by-row <see cref="SumRow{T}"/> adds them (so the bits are the same), but the running sums
/// of 64 float32 columns (32 float64) stay in eight registers instead of going through memory once
/// per row; the row-by-row loop measured 19 GB/s on one thread for [256, 512] and less on two.
/// </summary>
internal static unsafe class ColumnSums
{
    /// <summary>Below this many elements one thread does it: a handoff costs more than the read.</summary>
    private const long ParallelThreshold = 1L << 20;

    /// <summary>Whether this path runs here (AVX-512: eight 512-bit accumulators and the widening loads).</summary>
    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    /// <summary>acc[j] = sum over r &lt; rows of x[offset + r * cols + j] (acc is overwritten).</summary>
    public static void Run<T>(T[] x, int offset, int rows, int cols, double[] acc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if ((long)offset + (long)rows * cols > x.Length || acc.Length < cols)
            throw new ArgumentOutOfRangeException(nameof(rows), $"sum: {rows} x {cols} from offset {offset} does not fit an array of {x.Length} (or {acc.Length} sums)");
        fixed (T* px = x)
        fixed (double* pa = acc)
        {
            nint nx = (nint)(px + offset), na = (nint)pa;
            var blocks = (cols + 63) / 64;
            if ((long)rows * cols >= ParallelThreshold && blocks > 1 && CpuThreads.Count > 1)
                Parallel.For(0, Math.Min(CpuThreads.Count, blocks), CpuThreads.Options, t =>
                {
                    int threads = Math.Min(CpuThreads.Count, blocks), j0 = blocks * t / threads * 64, j1 = Math.Min(cols, blocks * (t + 1) / threads * 64);
                    Columns((T*)nx, rows, cols, j0, j1, (double*)na);
                });
            else Columns((T*)nx, rows, cols, 0, cols, (double*)na);
        }
    }

    private static void Columns<T>(T* x, int rows, int cols, int j0, int j1, double* acc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var j = j0;
        if (typeof(T) == typeof(float))
        {
            for (; j + 64 <= j1; j += 64) Block64((float*)x + j, rows, cols, acc + j);
            for (; j + 16 <= j1; j += 16) Block16((float*)x + j, rows, cols, acc + j);
        }
        else
            for (; j + 32 <= j1; j += 32) Block32((double*)x + j, rows, cols, acc + j);
        for (; j < j1; j++)
        {
            var s = 0.0;
            for (var r = 0; r < rows; r++) s += double.CreateTruncating(x[(long)r * cols + j]);
            acc[j] = s;
        }
    }

    private static void Block64(float* x, int rows, int cols, double* acc)
    {
        Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (var r = 0; r < rows; r++, x += cols)
        {
            var (l0, h0) = Vector512.Widen(Vector512.Load(x));
            var (l1, h1) = Vector512.Widen(Vector512.Load(x + 16));
            var (l2, h2) = Vector512.Widen(Vector512.Load(x + 32));
            var (l3, h3) = Vector512.Widen(Vector512.Load(x + 48));
            a0 += l0; a1 += h0; a2 += l1; a3 += h1; a4 += l2; a5 += h2; a6 += l3; a7 += h3;
        }
        a0.Store(acc); a1.Store(acc + 8); a2.Store(acc + 16); a3.Store(acc + 24);
        a4.Store(acc + 32); a5.Store(acc + 40); a6.Store(acc + 48); a7.Store(acc + 56);
    }

    private static void Block16(float* x, int rows, int cols, double* acc)
    {
        Vector512<double> a0 = default, a1 = default;
        for (var r = 0; r < rows; r++, x += cols)
        {
            var (l, h) = Vector512.Widen(Vector512.Load(x));
            a0 += l;
            a1 += h;
        }
        a0.Store(acc);
        a1.Store(acc + 8);
    }

    private static void Block32(double* x, int rows, int cols, double* acc)
    {
        Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
        for (var r = 0; r < rows; r++, x += cols)
        {
            a0 += Vector512.Load(x); a1 += Vector512.Load(x + 8); a2 += Vector512.Load(x + 16); a3 += Vector512.Load(x + 24);
        }
        a0.Store(acc); a1.Store(acc + 8); a2.Store(acc + 16); a3.Store(acc + 24);
    }
}
