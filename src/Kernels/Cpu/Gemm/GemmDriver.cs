using System.Numerics;

namespace Engine.Kernels.Cpu;

/// <summary>
/// The single-threaded blocked loop nest (the BLIS order): for each NC block of columns and KC
/// block of depth, pack B once; for each MC block of rows pack A; then sweep the register tiles.
/// A row-major B is not packed (but for a last panel narrower than the tile): with few rows of A
/// to share it (the conv GEMMs' 128 output channels, the toy critic's batch of 256) the copy cost
/// about a sixth of the product; measured in CPU time on one thread, 128x2450x1600 (the MNIST
/// critic's 64->128 conv) went from about 60 to 75-86 GFLOP/s.
/// </summary>
internal static unsafe class GemmDriver<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// C[m x n] (+)= A[m x k] B[k x n] with A, B at any strides and C row-major with stride ldc; the
    /// epilogue (of this block of C) runs on each tile after its last K block.
    /// </summary>
    public static void Run(int m, int n, int k, T* a, int aRs, int aCs, T* b, int bRs, int bCs, T* c, int ldc, bool accumulate,
        in GemmEpilogue<T> epilogue)
    {
        if (m <= 0 || n <= 0) return;
        if (k <= 0)
        {
            if (!accumulate)
                for (var i = 0; i < m; i++) new Span<T>(c + (long)i * ldc, n).Clear();
            if (!epilogue.IsNone) epilogue.Apply(c, ldc, m, n);
            return;
        }
        int mrTile = GemmConfig<T>.MR, nrTile = GemmConfig<T>.NR;
        int kcBlock = GemmConfig<T>.KC, mcBlock = GemmConfig<T>.MC, ncBlock = GemmConfig<T>.NC;
        T* ap = GemmBuffers<T>.A, bp = GemmBuffers<T>.B;
        for (var jc = 0; jc < n; jc += ncBlock)
        {
            var nc = Math.Min(ncBlock, n - jc);
            for (var pc = 0; pc < k; pc += kcBlock)
            {
                var kc = Math.Min(kcBlock, k - pc);
                var add = accumulate || pc > 0;
                var last = pc + kc >= k && !epilogue.IsNone;
                var bBlock = b + (long)pc * bRs + (long)jc * bCs;
                // A row-major B (unit column stride) already holds each k step's NR values side by
                // side: the kernel reads full panels in place, and only a last, narrower panel is
                // packed (zero-padded).
                var fullCols = bCs == 1 ? nc / nrTile * nrTile : 0;
                if (fullCols < nc)
                    GemmPacking<T>.PackB(bBlock + fullCols, bRs, bCs, kc, nc - fullCols, bp + (long)fullCols * kc);
                for (var ic = 0; ic < m; ic += mcBlock)
                {
                    var mc = Math.Min(mcBlock, m - ic);
                    GemmPacking<T>.PackA(a + (long)ic * aRs + (long)pc * aCs, aRs, aCs, mc, kc, ap);
                    for (var jr = 0; jr < nc; jr += nrTile)
                    {
                        var nr = Math.Min(nrTile, nc - jr);
                        for (var ir = 0; ir < mc; ir += mrTile)
                        {
                            var mr = Math.Min(mrTile, mc - ir);
                            var tile = c + (long)(ic + ir) * ldc + jc + jr;
                            if (jr < fullCols) Kernel(ap + ir * kc, bBlock + jr, bRs, kc, tile, ldc, mr, nr, add);
                            else Kernel(ap + ir * kc, bp + jr * kc, nrTile, kc, tile, ldc, mr, nr, add);
                            if (last) epilogue.At(ic + ir, jc + jr).Apply(tile, ldc, mr, nr);
                        }
                    }
                }
            }
        }
    }

    private static void Kernel(T* ap, T* bp, int ldb, int kc, T* c, int ldc, int mr, int nr, bool add)
    {
        if (GemmConfig<T>.Path == 512) GemmKernel512<T>.Run(ap, bp, ldb, kc, c, ldc, mr, nr, add);
        else if (GemmConfig<T>.Path == 256) GemmKernel256<T>.Run(ap, bp, ldb, kc, c, ldc, mr, nr, add);
        else GemmKernelScalar<T>.Run(ap, bp, ldb, kc, c, ldc, mr, nr, add);
    }
}
