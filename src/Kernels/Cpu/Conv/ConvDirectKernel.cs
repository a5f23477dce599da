using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Engine.Kernels.Cpu;

/// <summary>
/// The register tile of the direct conv: 6 rows x 4 vectors of C in 24 zmm accumulators, the same
/// shape of loop as the GEMM's tile with the roles of its operands swapped. Each step broadcasts
/// six scalars read straight from the (padded) input, at six row offsets from one base that moves
/// with the step, and multiplies them by four vectors of a packed panel: no column matrix is ever
/// written. The forward pass steps over kernel taps (rows are output positions, vectors are output
/// channels); grad-weight steps over output positions (rows are taps).
/// </summary>
internal static unsafe class ConvDirectKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows of the tile.</summary>
    public const int MR = 6;

    /// <summary>Columns of the tile: four vectors (64 floats, 32 doubles).</summary>
    public static readonly int NR = 4 * Vector512<T>.Count;

    /// <summary>
    /// For steps s &lt; <paramref name="steps"/>: C[r, 0..NR] (+)= x[step[s] + row[r]] * panel[s * NR .. s * NR + NR]
    /// for the first <paramref name="mr"/> of the 6 rows (all six <paramref name="row"/> offsets must be
    /// readable; the caller repeats a valid one for missing rows). Each element is one FMA chain from
    /// zero in step order, then added to C when <paramref name="add"/>, exactly as the GEMM tile sums.
    /// </summary>
    public static void Run(T* x, int* step, int steps, T* panel, int* row, T* c, int ldc, int mr, bool add)
    {
        nint r0 = row[0], r1 = row[1], r2 = row[2], r3 = row[3], r4 = row[4], r5 = row[5];
        Vector512<T> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<T> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<T> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<T> c30 = default, c31 = default, c32 = default, c33 = default;
        Vector512<T> c40 = default, c41 = default, c42 = default, c43 = default;
        Vector512<T> c50 = default, c51 = default, c52 = default, c53 = default;
        var w = Vector512<T>.Count;
        for (var s = 0; s < steps; s++)
        {
            T* b = x + step[s];
            var v0 = Vector512.Load(panel); var v1 = Vector512.Load(panel + w);
            var v2 = Vector512.Load(panel + 2 * w); var v3 = Vector512.Load(panel + 3 * w);
            var a = Vector512.Create(b[r0]); c00 = Fma(v0, a, c00); c01 = Fma(v1, a, c01); c02 = Fma(v2, a, c02); c03 = Fma(v3, a, c03);
            a = Vector512.Create(b[r1]); c10 = Fma(v0, a, c10); c11 = Fma(v1, a, c11); c12 = Fma(v2, a, c12); c13 = Fma(v3, a, c13);
            a = Vector512.Create(b[r2]); c20 = Fma(v0, a, c20); c21 = Fma(v1, a, c21); c22 = Fma(v2, a, c22); c23 = Fma(v3, a, c23);
            a = Vector512.Create(b[r3]); c30 = Fma(v0, a, c30); c31 = Fma(v1, a, c31); c32 = Fma(v2, a, c32); c33 = Fma(v3, a, c33);
            a = Vector512.Create(b[r4]); c40 = Fma(v0, a, c40); c41 = Fma(v1, a, c41); c42 = Fma(v2, a, c42); c43 = Fma(v3, a, c43);
            a = Vector512.Create(b[r5]); c50 = Fma(v0, a, c50); c51 = Fma(v1, a, c51); c52 = Fma(v2, a, c52); c53 = Fma(v3, a, c53);
            panel += 4 * w;
        }
        Store(c, c00, c01, c02, c03, add);
        if (mr > 1) Store(c + ldc, c10, c11, c12, c13, add);
        if (mr > 2) Store(c + 2 * ldc, c20, c21, c22, c23, add);
        if (mr > 3) Store(c + 3 * ldc, c30, c31, c32, c33, add);
        if (mr > 4) Store(c + 4 * ldc, c40, c41, c42, c43, add);
        if (mr > 5) Store(c + 5 * ldc, c50, c51, c52, c53, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(T* dst, Vector512<T> x0, Vector512<T> x1, Vector512<T> x2, Vector512<T> x3, bool add)
    {
        var w = Vector512<T>.Count;
        if (add)
        {
            x0 = Vector512.Add(x0, Vector512.Load(dst)); x1 = Vector512.Add(x1, Vector512.Load(dst + w));
            x2 = Vector512.Add(x2, Vector512.Load(dst + 2 * w)); x3 = Vector512.Add(x3, Vector512.Load(dst + 3 * w));
        }
        x0.Store(dst); x1.Store(dst + w); x2.Store(dst + 2 * w); x3.Store(dst + 3 * w);
    }

    // fma(v, a, c) = v*a + c rounds once, as the GEMM's fma(a, v, c) does: the same bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma(Vector512<T> v, Vector512<T> a, Vector512<T> c) => GemmKernel512<T>.Fma(v, a, c);
}
