using System.Numerics;
using System.Runtime.CompilerServices;

namespace Engine.Kernels.Cpu;

/// <summary>
/// Copies blocks of A and B into the panel layouts the micro-kernels read sequentially. Packing
/// reads any row/column strides, so a transposed operand costs one strided pass here and nothing
/// in the kernel. Edge panels are padded with zeros so the kernel always runs full tiles.
/// </summary>
internal static unsafe class GemmPacking<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Packs A[0..mc, 0..kc] into panels of MR rows: panel r holds kc groups of MR values (one per row).</summary>
    public static void PackA(T* a, int rowStride, int colStride, int mc, int kc, T* dst)
    {
        var mrTile = GemmConfig<T>.MR;
        for (var i0 = 0; i0 < mc; i0 += mrTile)
        {
            var rows = Math.Min(mrTile, mc - i0);
            if (rows == mrTile && PackFullA(a + (long)i0 * rowStride, rowStride, colStride, kc, dst))
            {
                dst += kc * mrTile;
                continue;
            }
            if (rows < mrTile) new Span<T>(dst, kc * mrTile).Clear();
            for (var i = 0; i < rows; i++)
            {
                T* src = a + (long)(i0 + i) * rowStride;
                T* d = dst + i;
                if (colStride == 1)
                    for (var p = 0; p < kc; p++) d[p * mrTile] = src[p];
                else
                    for (var p = 0; p < kc; p++) d[p * mrTile] = src[(long)p * colStride];
            }
            dst += kc * mrTile;
        }
    }

    /// <summary>Packs B[0..kc, 0..nc] into panels of NR columns: panel c holds kc rows of NR values.</summary>
    public static void PackB(T* b, int rowStride, int colStride, int kc, int nc, T* dst)
    {
        var nrTile = GemmConfig<T>.NR;
        for (var j0 = 0; j0 < nc; j0 += nrTile)
        {
            var cols = Math.Min(nrTile, nc - j0);
            T* src = b + (long)j0 * colStride;
            if (colStride == 1 && cols == nrTile)
            {
                // Rows of a row-major B are contiguous: block copies the JIT vectorises.
                var bytes = (uint)(nrTile * sizeof(T));
                for (var p = 0; p < kc; p++)
                    Unsafe.CopyBlockUnaligned(dst + p * nrTile, src + (long)p * rowStride, bytes);
            }
            else if (rowStride == 1 && cols == nrTile && PackFullTransposedB(src, colStride, kc, dst))
            {
            }
            else if (rowStride == 1)
            {
                // Transposed B: walk each column contiguously instead of striding across rows.
                if (cols < nrTile) new Span<T>(dst, kc * nrTile).Clear();
                for (var j = 0; j < cols; j++)
                {
                    T* s = src + (long)j * colStride;
                    for (var p = 0; p < kc; p++) dst[p * nrTile + j] = s[p];
                }
            }
            else
            {
                for (var p = 0; p < kc; p++)
                {
                    T* s = src + (long)p * rowStride;
                    T* d = dst + p * nrTile;
                    var j = 0;
                    for (; j < cols; j++) d[j] = s[(long)j * colStride];
                    for (; j < nrTile; j++) d[j] = T.Zero;
                }
            }
            dst += kc * nrTile;
        }
    }

    /// <summary>
    /// A full panel of MR rows by fast paths, or false to take the element loop: a transposed A
    /// (rowStride 1) has each k step's MR values side by side, so a block copy per step; a row-major
    /// float32 A goes through 8x8 register transposes (MR is 8 with AVX-512).
    /// </summary>
    private static bool PackFullA(T* a, int rowStride, int colStride, int kc, T* dst)
    {
        var mrTile = GemmConfig<T>.MR;
        if (rowStride == 1)
        {
            var bytes = (uint)(mrTile * sizeof(T));
            for (var p = 0; p < kc; p++) Unsafe.CopyBlockUnaligned(dst + p * mrTile, a + (long)p * colStride, bytes);
            return true;
        }
        if (typeof(T) != typeof(float) || colStride != 1 || mrTile != 8 || !Transpose8x8.IsSupported) return false;
        var p8 = kc & ~7;
        for (var p = 0; p < p8; p += 8) Transpose8x8.Run((float*)(a + p), rowStride, (float*)(dst + p * 8), 8);
        for (var p = p8; p < kc; p++)
            for (var i = 0; i < 8; i++) dst[p * 8 + i] = a[(long)i * rowStride + p];
        return true;
    }

    /// <summary>
    /// A full panel of NR columns of a transposed float32 B (each column contiguous over k) by 8x8
    /// register transposes, or false to take the element loop.
    /// </summary>
    private static bool PackFullTransposedB(T* b, int colStride, int kc, T* dst)
    {
        var nrTile = GemmConfig<T>.NR;
        if (typeof(T) != typeof(float) || nrTile % 8 != 0 || !Transpose8x8.IsSupported) return false;
        var p8 = kc & ~7;
        for (var j = 0; j < nrTile; j += 8)
        {
            var column = b + (long)j * colStride;
            for (var p = 0; p < p8; p += 8) Transpose8x8.Run((float*)(column + p), colStride, (float*)(dst + p * nrTile + j), nrTile);
            for (var p = p8; p < kc; p++)
                for (var jj = 0; jj < 8; jj++) dst[p * nrTile + j + jj] = column[(long)jj * colStride + p];
        }
        return true;
    }
}
