using System.Numerics;

namespace Engine.Kernels.Cpu;

/// <summary>
/// The portable tile for machines without 256-bit SIMD, and the edge copy every kernel shares.
/// Scalar FMA keeps results close to the vector paths.
/// </summary>
internal static unsafe class GemmKernelScalar<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows of the tile.</summary>
    public const int MR = 4;

    /// <summary>Columns of the tile.</summary>
    public const int NR = 4;

    /// <summary>C[0..mr, 0..nr] (+)= Ap (kc x MR, packed) * Bp (kc rows of NR values, ldb apart: NR when packed, B's row stride when read in place).</summary>
    public static void Run(T* ap, T* bp, int ldb, int kc, T* c, int ldc, int mr, int nr, bool accumulate)
    {
        var tile = stackalloc T[MR * NR];
        for (var i = 0; i < MR * NR; i++) tile[i] = T.Zero;
        for (var p = 0; p < kc; p++, ap += MR, bp += ldb)
            for (var i = 0; i < MR; i++)
                for (var j = 0; j < NR; j++)
                    tile[i * NR + j] = T.FusedMultiplyAdd(ap[i], bp[j], tile[i * NR + j]);
        CopyTile(tile, NR, c, ldc, mr, nr, accumulate);
    }

    /// <summary>Writes (or adds) the top-left mr x nr corner of a tile with row stride ldt into C.</summary>
    public static void CopyTile(T* tile, int ldt, T* c, int ldc, int mr, int nr, bool accumulate)
    {
        for (var i = 0; i < mr; i++)
        {
            T* src = tile + i * ldt, dst = c + i * ldc;
            if (accumulate) for (var j = 0; j < nr; j++) dst[j] += src[j];
            else for (var j = 0; j < nr; j++) dst[j] = src[j];
        }
    }
}
