using System.Numerics;

namespace Engine.Kernels.Cpu;

/// <summary>
/// Our blocked matrix multiply for float and double: packed panels, a Vector512 (or Vector256, or
/// scalar) FMA register tile, cache blocking over K, M and N, and both cores for large problems.
/// Operands are addressed by offset and strides, so transposed and broadcast views need no copy.
/// </summary>
public static unsafe class Gemm
{
    /// <summary>Below this many multiply-adds a second thread costs more than it saves.</summary>
    public const long ParallelThreshold = 1L << 18;

    /// <summary>
    /// c[cOffset + i*ldc + j] (+)= sum_k a[aOffset + i*aRowStride + k*aColStride] * b[bOffset + k*bRowStride + j*bColStride]
    /// for i &lt; m, j &lt; n. With <paramref name="accumulate"/> false, C is overwritten (and zeroed when k is 0).
    /// </summary>
    public static void Multiply<T>(int m, int n, int k, T[] a, int aOffset, int aRowStride, int aColStride,
        T[] b, int bOffset, int bRowStride, int bColStride, T[] c, int cOffset, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Multiply(m, n, k, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, c, cOffset, ldc, accumulate, default);

    /// <summary>The public Multiply with an epilogue (bias, activation) applied to each finished tile.</summary>
    internal static void Multiply<T>(int m, int n, int k, T[] a, int aOffset, int aRowStride, int aColStride,
        T[] b, int bOffset, int bRowStride, int bColStride, T[] c, int cOffset, int ldc, bool accumulate, in GemmEpilogue<T> epilogue)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(m, n, k, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, c, cOffset, ldc);
        if (m == 0 || n == 0) return;
        fixed (T* pa = a, pb = b, pc = c)
            Run(m, n, k, pa + aOffset, aRowStride, aColStride, pb + bOffset, bRowStride, bColStride, pc + cOffset, ldc, accumulate,
                parallel: (long)m * n * k >= ParallelThreshold, epilogue);
    }

    /// <summary>
    /// <paramref name="batch"/> independent products with per-matrix offsets (shared strides). Small
    /// matrices run whole on separate cores; large ones run one after another, each on both cores.
    /// </summary>
    public static void MultiplyBatched<T>(int batch, int m, int n, int k, T[] a, int[] aOffsets, int aRowStride, int aColStride,
        T[] b, int[] bOffsets, int bRowStride, int bColStride, T[] c, int[] cOffsets, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        MultiplyBatched(batch, m, n, k, a, aOffsets, aRowStride, aColStride, b, bOffsets, bRowStride, bColStride, c, cOffsets, ldc, accumulate, default);

    /// <summary>The public MultiplyBatched with one epilogue for every matrix of the batch.</summary>
    internal static void MultiplyBatched<T>(int batch, int m, int n, int k, T[] a, int[] aOffsets, int aRowStride, int aColStride,
        T[] b, int[] bOffsets, int bRowStride, int bColStride, T[] c, int[] cOffsets, int ldc, bool accumulate, GemmEpilogue<T> epilogue)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (aOffsets.Length < batch || bOffsets.Length < batch || cOffsets.Length < batch)
            throw new ArgumentException($"gemm: {batch} batches need that many offsets (got {aOffsets.Length}, {bOffsets.Length}, {cOffsets.Length})");
        for (var i = 0; i < batch; i++)
            Check(m, n, k, a, aOffsets[i], aRowStride, aColStride, b, bOffsets[i], bRowStride, bColStride, c, cOffsets[i], ldc);
        if (m == 0 || n == 0 || batch == 0) return;
        var work = (long)m * n * k;
        var split = work < ParallelThreshold && work * batch >= ParallelThreshold && CpuThreads.Count > 1;
        fixed (T* pa0 = a, pb0 = b, pc0 = c)
        {
            nint na = (nint)pa0, nb = (nint)pb0, ncp = (nint)pc0;
            if (split)
            {
                var chunks = Math.Min(batch, CpuThreads.Count);
                Parallel.For(0, chunks, CpuThreads.Options, t =>
                {
                    for (var i = (int)((long)batch * t / chunks); i < (int)((long)batch * (t + 1) / chunks); i++)
                        Run(m, n, k, (T*)na + aOffsets[i], aRowStride, aColStride, (T*)nb + bOffsets[i], bRowStride, bColStride,
                            (T*)ncp + cOffsets[i], ldc, accumulate, parallel: false, epilogue);
                });
            }
            else
            {
                for (var i = 0; i < batch; i++)
                    Run(m, n, k, pa0 + aOffsets[i], aRowStride, aColStride, pb0 + bOffsets[i], bRowStride, bColStride, pc0 + cOffsets[i], ldc,
                        accumulate, parallel: work >= ParallelThreshold, epilogue);
            }
        }
    }

    /// <summary>Runs on one thread, or splits C into one block of whole tiles per core.</summary>
    internal static void Run<T>(int m, int n, int k, T* a, int aRs, int aCs, T* b, int bRs, int bCs, T* c, int ldc, bool accumulate, bool parallel,
        GemmEpilogue<T> epilogue)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (k > 0 && GemmSkinny<T>.Applies(m, n))
        {
            GemmSkinny<T>.Run(m, n, k, a, aRs, aCs, b, bRs, bCs, c, ldc, accumulate, parallel, epilogue);
            return;
        }
        var threads = parallel ? CpuThreads.Count : 1;
        int mrTile = GemmConfig<T>.MR, nrTile = GemmConfig<T>.NR;
        int nTiles = (n + nrTile - 1) / nrTile, mTiles = (m + mrTile - 1) / mrTile;
        var splitN = mTiles < 2 || (nTiles >= 2 && SplitCost(nTiles, nrTile, m, threads) <= SplitCost(mTiles, mrTile, n, threads));
        var tiles = splitN ? nTiles : mTiles;
        threads = Math.Min(threads, tiles);
        if (threads <= 1)
        {
            GemmDriver<T>.Run(m, n, k, a, aRs, aCs, b, bRs, bCs, c, ldc, accumulate, epilogue);
            return;
        }
        nint na = (nint)a, nb = (nint)b, nc = (nint)c;
        Parallel.For(0, threads, CpuThreads.Options, t =>
        {
            var lo = (int)((long)tiles * t / threads);
            var hi = (int)((long)tiles * (t + 1) / threads);
            if (splitN)
            {
                int j0 = lo * nrTile, j1 = Math.Min(n, hi * nrTile);
                GemmDriver<T>.Run(m, j1 - j0, k, (T*)na, aRs, aCs, (T*)nb + (long)j0 * bCs, bRs, bCs, (T*)nc + j0, ldc, accumulate, epilogue.At(0, j0));
            }
            else
            {
                int i0 = lo * mrTile, i1 = Math.Min(m, hi * mrTile);
                GemmDriver<T>.Run(i1 - i0, n, k, (T*)na + (long)i0 * aRs, aRs, aCs, (T*)nb, bRs, bCs, (T*)nc + (long)i0 * ldc, ldc, accumulate, epilogue.At(i0, 0));
            }
        });
    }

    /// <summary>
    /// The busiest thread's work when the side of <paramref name="tiles"/> tiles of <paramref name="tile"/>
    /// is split (in multiply-adds per unit of k): its whole tiles, the last one padded to full width,
    /// times the other side, plus the packing of the other side's operand, which every thread
    /// repeats (a packed element costs about 8 multiply-adds of a 16-lane FMA pair). With 11 column
    /// tiles of 48 for N = 512, one thread would run 6 tiles (288 columns) and the other 5; the
    /// 32 row tiles of M = 256 split evenly, so the toy critic's layers split M.
    /// </summary>
    private static long SplitCost(int tiles, int tile, int other, int threads) =>
        (long)((tiles + threads - 1) / threads) * tile * other + 8L * other;

    private static void Check<T>(int m, int n, int k, T[] a, int aOffset, int aRs, int aCs,
        T[] b, int bOffset, int bRs, int bCs, T[] c, int cOffset, int ldc)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"gemm: negative size m={m}, n={n}, k={k}");
        CheckReach("a", a.Length, aOffset, m, aRs, k, aCs);
        CheckReach("b", b.Length, bOffset, k, bRs, n, bCs);
        CheckReach("c", c.Length, cOffset, m, ldc, n, 1);
    }

    private static void CheckReach(string name, int length, int offset, int rows, int rowStride, int cols, int colStride)
    {
        if (rows == 0 || cols == 0) return;
        long lo = offset, hi = offset;
        long r = (long)(rows - 1) * rowStride, q = (long)(cols - 1) * colStride;
        if (r < 0) lo += r; else hi += r;
        if (q < 0) lo += q; else hi += q;
        if (lo < 0 || hi >= length)
            throw new ArgumentOutOfRangeException(name,
                $"gemm: {name} ({rows} x {cols}, strides {rowStride}, {colStride}, offset {offset}) reaches outside its array of {length} elements");
    }
}
