using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Engine.Kernels.Cpu;

/// <summary>
/// The AVX-512 register tile: 8 rows x 3 vectors of C held in 24 zmm accumulators (of 32),
/// leaving room for the 3 B vectors and one broadcast of A. Per k step: 3 loads, 8 broadcasts,
/// 24 FMAs, enough independent chains to cover the FMA latency on both pipes.
/// </summary>
internal static unsafe class GemmKernel512<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows of the tile.</summary>
    public const int MR = 8;

    /// <summary>Columns of the tile (three vectors).</summary>
    public static readonly int NR = 3 * Vector512<T>.Count;

    /// <summary>
    /// C[0..mr, 0..nr] (+)= Ap (kc x MR, packed) * Bp (kc rows of NR values, ldb apart: NR when packed, B's row stride when read in place). Full tiles go straight to C;
    /// edge tiles go through a stack tile so the loop never branches on the edge.
    /// </summary>
    public static void Run(T* ap, T* bp, int ldb, int kc, T* c, int ldc, int mr, int nr, bool accumulate)
    {
        Vector512<T> c00 = default, c01 = default, c02 = default;
        Vector512<T> c10 = default, c11 = default, c12 = default;
        Vector512<T> c20 = default, c21 = default, c22 = default;
        Vector512<T> c30 = default, c31 = default, c32 = default;
        Vector512<T> c40 = default, c41 = default, c42 = default;
        Vector512<T> c50 = default, c51 = default, c52 = default;
        Vector512<T> c60 = default, c61 = default, c62 = default;
        Vector512<T> c70 = default, c71 = default, c72 = default;
        Vector512<T> a, b0, b1, b2;
        var w = Vector512<T>.Count;
        for (var p = 0; p < kc; p++)
        {
            b0 = Vector512.Load(bp + 0 * w); b1 = Vector512.Load(bp + 1 * w); b2 = Vector512.Load(bp + 2 * w);
            a = Vector512.Create(ap[0]); c00 = Fma(a, b0, c00); c01 = Fma(a, b1, c01); c02 = Fma(a, b2, c02);
            a = Vector512.Create(ap[1]); c10 = Fma(a, b0, c10); c11 = Fma(a, b1, c11); c12 = Fma(a, b2, c12);
            a = Vector512.Create(ap[2]); c20 = Fma(a, b0, c20); c21 = Fma(a, b1, c21); c22 = Fma(a, b2, c22);
            a = Vector512.Create(ap[3]); c30 = Fma(a, b0, c30); c31 = Fma(a, b1, c31); c32 = Fma(a, b2, c32);
            a = Vector512.Create(ap[4]); c40 = Fma(a, b0, c40); c41 = Fma(a, b1, c41); c42 = Fma(a, b2, c42);
            a = Vector512.Create(ap[5]); c50 = Fma(a, b0, c50); c51 = Fma(a, b1, c51); c52 = Fma(a, b2, c52);
            a = Vector512.Create(ap[6]); c60 = Fma(a, b0, c60); c61 = Fma(a, b1, c61); c62 = Fma(a, b2, c62);
            a = Vector512.Create(ap[7]); c70 = Fma(a, b0, c70); c71 = Fma(a, b1, c71); c72 = Fma(a, b2, c72);
            ap += MR;
            bp += ldb;
        }
        var full = mr == MR && nr == NR;
        var tile = stackalloc T[full ? 0 : MR * 3 * Vector512<T>.Count];
        var dst = full ? c : tile;
        var ld = full ? ldc : NR;
        var add = full && accumulate;
        Store(dst + 0 * ld, c00, c01, c02, add);
        Store(dst + 1 * ld, c10, c11, c12, add);
        Store(dst + 2 * ld, c20, c21, c22, add);
        Store(dst + 3 * ld, c30, c31, c32, add);
        Store(dst + 4 * ld, c40, c41, c42, add);
        Store(dst + 5 * ld, c50, c51, c52, add);
        Store(dst + 6 * ld, c60, c61, c62, add);
        Store(dst + 7 * ld, c70, c71, c72, add);
        if (!full) GemmKernelScalar<T>.CopyTile(tile, NR, c, ldc, mr, nr, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(T* dst, Vector512<T> x0, Vector512<T> x1, Vector512<T> x2, bool add)
    {
        var w = Vector512<T>.Count;
        if (add)
        {
            x0 = Vector512.Add(x0, Vector512.Load(dst + 0 * w)); x1 = Vector512.Add(x1, Vector512.Load(dst + 1 * w)); x2 = Vector512.Add(x2, Vector512.Load(dst + 2 * w));
        }
        x0.Store(dst + 0 * w); x1.Store(dst + 1 * w); x2.Store(dst + 2 * w);
    }

    /// <summary>a * b + c rounded once, for float and double (the direct conv's tile uses it too).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<T> Fma(Vector512<T> a, Vector512<T> b, Vector512<T> c) =>
        typeof(T) == typeof(float)
            ? Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
}
