using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Engine.Kernels.Cpu;

/// <summary>
/// The AVX2 register tile for machines without AVX-512: 6 rows x 2 vectors of C in 12 of
/// the 16 ymm registers (the classic 6x16 float shape), plus 2 B vectors and one broadcast.
/// </summary>
internal static unsafe class GemmKernel256<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows of the tile.</summary>
    public const int MR = 6;

    /// <summary>Columns of the tile (two vectors).</summary>
    public static readonly int NR = 2 * Vector256<T>.Count;

    /// <summary>C[0..mr, 0..nr] (+)= Ap (kc x MR, packed) * Bp (kc rows of NR values, ldb apart: NR when packed, B's row stride when read in place); edge tiles go through a stack tile.</summary>
    public static void Run(T* ap, T* bp, int ldb, int kc, T* c, int ldc, int mr, int nr, bool accumulate)
    {
        Vector256<T> c00 = default, c01 = default;
        Vector256<T> c10 = default, c11 = default;
        Vector256<T> c20 = default, c21 = default;
        Vector256<T> c30 = default, c31 = default;
        Vector256<T> c40 = default, c41 = default;
        Vector256<T> c50 = default, c51 = default;
        Vector256<T> a, b0, b1;
        var w = Vector256<T>.Count;
        for (var p = 0; p < kc; p++)
        {
            b0 = Vector256.Load(bp + 0 * w); b1 = Vector256.Load(bp + 1 * w);
            a = Vector256.Create(ap[0]); c00 = Fma(a, b0, c00); c01 = Fma(a, b1, c01);
            a = Vector256.Create(ap[1]); c10 = Fma(a, b0, c10); c11 = Fma(a, b1, c11);
            a = Vector256.Create(ap[2]); c20 = Fma(a, b0, c20); c21 = Fma(a, b1, c21);
            a = Vector256.Create(ap[3]); c30 = Fma(a, b0, c30); c31 = Fma(a, b1, c31);
            a = Vector256.Create(ap[4]); c40 = Fma(a, b0, c40); c41 = Fma(a, b1, c41);
            a = Vector256.Create(ap[5]); c50 = Fma(a, b0, c50); c51 = Fma(a, b1, c51);
            ap += MR;
            bp += ldb;
        }
        var full = mr == MR && nr == NR;
        var tile = stackalloc T[full ? 0 : MR * 2 * Vector256<T>.Count];
        var dst = full ? c : tile;
        var ld = full ? ldc : NR;
        var add = full && accumulate;
        Store(dst + 0 * ld, c00, c01, add);
        Store(dst + 1 * ld, c10, c11, add);
        Store(dst + 2 * ld, c20, c21, add);
        Store(dst + 3 * ld, c30, c31, add);
        Store(dst + 4 * ld, c40, c41, add);
        Store(dst + 5 * ld, c50, c51, add);
        if (!full) GemmKernelScalar<T>.CopyTile(tile, NR, c, ldc, mr, nr, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(T* dst, Vector256<T> x0, Vector256<T> x1, bool add)
    {
        var w = Vector256<T>.Count;
        if (add)
        {
            x0 = Vector256.Add(x0, Vector256.Load(dst + 0 * w)); x1 = Vector256.Add(x1, Vector256.Load(dst + 1 * w));
        }
        x0.Store(dst + 0 * w); x1.Store(dst + 1 * w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma(Vector256<T> a, Vector256<T> b, Vector256<T> c) =>
        typeof(T) == typeof(float)
            ? Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
}
