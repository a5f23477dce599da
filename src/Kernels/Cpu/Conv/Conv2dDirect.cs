using System.Numerics;
using Engine.Tensors;

namespace Engine.Kernels.Cpu;

/// <summary>
/// Conv2d forward and grad-weight without a column matrix: the input is copied once with its
/// zero padding, and <see cref="ConvDirectKernel{T}"/> broadcasts its elements straight from that
/// copy against packed panels of output channels (the weights, or the transposed output gradient).
/// im2col wrote and re-read Ckk x N*P elements (15.7 MB for the MNIST critic's 64->128 layer at
/// batch 50); the padded copy is C*H*W per image, a quarter of that.
/// <para>
/// The K blocks (taps for the forward pass, positions per image chunk for grad-weight) are the
/// GEMM's, and each element is the same FMA chain per block added in the same order, so the
/// results are bitwise those of the im2col GEMM whenever that GEMM takes its blocked path (not the
/// skinny one for 4 or fewer channels or positions).
/// </para>
/// </summary>
internal static unsafe class Conv2dDirect<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static int MR => ConvDirectKernel<T>.MR;
    private static int NR => ConvDirectKernel<T>.NR;

    /// <summary>
    /// Whether the automatic choice takes this path: on AVX-512 (the tile needs 29 of its 32 vector
    /// registers), where the im2col GEMM would be blocked too (so the choice changes no result),
    /// and where the padded input's offsets fit an int.
    /// </summary>
    public static bool Preferred(ConvDims d) =>
        GemmConfig<T>.Path == 512 && d.O > GemmSkinny<T>.MaxSide && d.P > GemmSkinny<T>.MaxSide && d.Ckk > GemmSkinny<T>.MaxSide && Fits(d);

    /// <summary>Whether every offset into the padded input fits an int (the kernel's offset tables).</summary>
    public static bool Fits(ConvDims d) => (long)d.N * d.C * PaddedH(d) * PaddedW(d) < int.MaxValue;

    /// <summary>y[n, o, :] = act(sum over taps of w[o, tap] x[tap at each position] + bias[o]).</summary>
    public static void Forward(ConvDims d, T[] x, int xOff, T[] w, int wOff, T[] y, int yOff, GemmEpilogue<T> epilogue)
    {
        int nr = NR, panels = (d.O + nr - 1) / nr, ldc = panels * nr, rows = d.N * d.P, tiles = (rows + MR - 1) / MR;
        var tables = ConvDirectTables.For(d);
        var tapEpilogue = epilogue.Transposed();
        fixed (T* px = x, pw = w, py = y)
        fixed (int* taps = tables.Taps, positions = tables.Positions)
        {
            T* xp = Padded(d, px + xOff);
            T* wp = ConvDirectBuffers<T>.Panels(panels * d.Ckk * nr);
            T* ct = ConvDirectBuffers<T>.Tiles(tiles * MR * ldc);
            nint nw = (nint)(pw + wOff), nx = (nint)xp, nwp = (nint)wp, nct = (nint)ct, nt = (nint)taps, np = (nint)positions;
            ForEach(panels, (long)d.O * d.Ckk, pn =>
                PackRows((T*)nw + (long)pn * nr * d.Ckk, d.O - pn * nr, d.Ckk, (T*)nwp + (long)pn * d.Ckk * nr, 1));
            var kc0 = GemmConfig<T>.KC;
            ForThreads((long)d.O * d.Ckk * rows, tiles, (t0, t1) =>
            {
                for (var pn = 0; pn < panels; pn++)
                {
                    var cols = Math.Min(nr, d.O - pn * nr);
                    for (var pc = 0; pc < d.Ckk; pc += kc0)
                    {
                        var kc = Math.Min(kc0, d.Ckk - pc);
                        var last = pc + kc >= d.Ckk && !epilogue.IsNone;
                        T* panel = (T*)nwp + ((long)pn * d.Ckk + pc) * nr;
                        for (var t = t0; t < t1; t++)
                        {
                            var r = t * MR;
                            T* tile = (T*)nct + (long)r * ldc + pn * nr;
                            var mr = Math.Min(MR, rows - r);
                            ConvDirectKernel<T>.Run((T*)nx, (int*)nt + pc, kc, panel, (int*)np + r, tile, ldc, mr, pc > 0);
                            if (last) tapEpilogue.At(r, pn * nr).Apply(tile, ldc, mr, cols);
                        }
                    }
                }
            });
            // ct[n*P + p, o] -> y[n, o, p]
            nint ny = (nint)(py + yOff);
            ForEach(d.N, (long)d.N * d.O * d.P, n => Transpose((T*)nct + (long)n * d.P * ldc, ldc, d.P, d.O, (T*)ny + (long)n * d.O * d.P, d.P));
        }
    }

    /// <summary>gw[o, tap] = sum over images and positions of gy[n, o, p] x[tap at p], summed in the GEMM's chunks and K blocks.</summary>
    public static void GradWeight(ConvDims d, T[] x, int xOff, T[] gy, int gyOff, T[] gw, int gwOff, int chunkImages)
    {
        if (d.N == 0)
        {
            gw.AsSpan(gwOff, d.O * d.Ckk).Clear();
            return;
        }
        int nr = NR, panels = (d.O + nr - 1) / nr, ldc = panels * nr, positions = d.N * d.P, tiles = (d.Ckk + MR - 1) / MR;
        var tables = ConvDirectTables.For(d);
        fixed (T* px = x, pg = gy, pw = gw)
        fixed (int* taps = tables.Taps, steps = tables.Positions)
        {
            T* xp = Padded(d, px + xOff);
            // gyT panels: [panel][image * P + p][NR] = gy[image, panel * NR + j, p]
            T* gp = ConvDirectBuffers<T>.Panels(panels * positions * nr);
            T* ct = ConvDirectBuffers<T>.Tiles(tiles * MR * ldc);
            nint ng = (nint)(pg + gyOff), nx = (nint)xp, ngp = (nint)gp, nct = (nint)ct, nt = (nint)taps, ns = (nint)steps;
            ForEach(d.N, (long)d.N * d.O * d.P, n => PackRows((T*)ng + (long)n * d.O * d.P, d.O, d.P, (T*)ngp + (long)n * d.P * nr, panels, positions));
            var kc0 = GemmConfig<T>.KC;
            ForThreads((long)d.O * d.Ckk * positions, tiles, (t0, t1) =>
            {
                for (var pn = 0; pn < panels; pn++)
                    for (var n0 = 0; n0 < d.N; n0 += chunkImages)
                    {
                        var ld = Math.Min(chunkImages, d.N - n0) * d.P;
                        for (var pc = 0; pc < ld; pc += kc0)
                        {
                            var kc = Math.Min(kc0, ld - pc);
                            var q = n0 * d.P + pc;
                            T* panel = (T*)ngp + ((long)pn * positions + q) * nr;
                            for (var t = t0; t < t1; t++)
                            {
                                var r = t * MR;
                                ConvDirectKernel<T>.Run((T*)nx, (int*)ns + q, kc, panel, (int*)nt + r, (T*)nct + (long)r * ldc + pn * nr, ldc,
                                    Math.Min(MR, d.Ckk - r), n0 > 0 || pc > 0);
                            }
                        }
                    }
            });
            // ct[tap, o] -> gw[o, tap], in blocks of 64 taps
            nint ngw = (nint)(pw + gwOff);
            ForEach((d.Ckk + 63) / 64, (long)d.O * d.Ckk, b =>
            {
                int r0 = b * 64, r1 = Math.Min(d.Ckk, r0 + 64);
                Transpose((T*)nct + (long)r0 * ldc, ldc, r1 - r0, d.O, (T*)ngw + r0, d.Ckk);
            });
        }
    }

    private static int PaddedH(ConvDims d) => d.H + 2 * d.Geometry.PadH;

    private static int PaddedW(ConvDims d) => d.W + 2 * d.Geometry.PadW;

    /// <summary>The input with its zero border (or the input itself when there is none): every tap of every output position reads inside it.</summary>
    private static T* Padded(ConvDims d, T* x)
    {
        var g = d.Geometry;
        if (g.PadH == 0 && g.PadW == 0) return x;
        int hp = PaddedH(d), wp = PaddedW(d), planes = d.N * d.C;
        T* xp = ConvDirectBuffers<T>.Input(planes * hp * wp);
        nint src = (nint)x, dst = (nint)xp;
        void Plane(int i)
        {
            T* s = (T*)src + (long)i * d.H * d.W, o = (T*)dst + (long)i * hp * wp;
            new Span<T>(o, g.PadH * wp + g.PadW).Clear();
            for (var h = 0; h < d.H; h++)
            {
                T* rowStart = o + (long)(h + g.PadH) * wp + g.PadW;
                new ReadOnlySpan<T>(s + (long)h * d.W, d.W).CopyTo(new Span<T>(rowStart, d.W));
                // this row's right border and the next row's left border are adjacent
                new Span<T>(rowStart + d.W, h == d.H - 1 ? g.PadW : 2 * g.PadW).Clear();
            }
            new Span<T>(o + (long)(d.H + g.PadH) * wp, g.PadH * wp).Clear();
        }
        if ((long)planes * hp * wp >= 1 << 16 && CpuThreads.Count > 1) Parallel.For(0, planes, CpuThreads.Options, Plane);
        else for (var i = 0; i < planes; i++) Plane(i);
        return xp;
    }

    /// <summary>
    /// Packs <paramref name="rows"/> rows of <paramref name="length"/> contiguous elements (row stride
    /// <paramref name="length"/>) into panels of NR rows, transposed: panel p holds, for each column
    /// j, the NR elements of rows p*NR .. p*NR+NR-1 (zeros past the last row), and panels lie
    /// <paramref name="panelLength"/> columns apart.
    /// </summary>
    private static void PackRows(T* src, int rows, int length, T* dst, int panels, int panelLength = -1)
    {
        int nr = NR;
        if (panelLength < 0) panelLength = length;
        for (var pn = 0; pn < panels; pn++)
        {
            T* panel = dst + (long)pn * panelLength * nr;
            var valid = Math.Min(nr, rows - pn * nr);
            var j8 = typeof(T) == typeof(float) && Transpose8x8.IsSupported ? length & ~7 : 0;
            var i8 = typeof(T) == typeof(float) && Transpose8x8.IsSupported ? valid & ~7 : 0;
            for (var i = 0; i < i8; i += 8)
                for (var j = 0; j < j8; j += 8)
                    Transpose8x8.Run((float*)(src + (long)(pn * nr + i) * length + j), length, (float*)(panel + (long)j * nr + i), nr);
            for (var i = 0; i < nr; i++)
            {
                T* row = src + (long)(pn * nr + i) * length;
                var from = i < i8 ? j8 : 0;
                if (i < valid)
                    for (var j = from; j < length; j++) panel[(long)j * nr + i] = row[j];
                else
                    for (var j = 0; j < length; j++) panel[(long)j * nr + i] = T.Zero;
            }
        }
    }

    /// <summary>dst[o * ldd + r] = src[r * lds + o] for r &lt; rows, o &lt; cols.</summary>
    internal static void Transpose(T* src, int lds, int rows, int cols, T* dst, int ldd)
    {
        var r8 = typeof(T) == typeof(float) && Transpose8x8.IsSupported ? rows & ~7 : 0;
        var o8 = r8 > 0 ? cols & ~7 : 0;
        for (var r = 0; r < r8; r += 8)
            for (var o = 0; o < o8; o += 8)
                Transpose8x8.Run((float*)(src + (long)r * lds + o), lds, (float*)(dst + (long)o * ldd + r), ldd);
        for (var o = 0; o < cols; o++)
        {
            T* d = dst + (long)o * ldd;
            for (var r = o < o8 ? r8 : 0; r < rows; r++) d[r] = src[(long)r * lds + o];
        }
    }

    /// <summary>Splits tiles [0, tiles) into runs for the cores when the product is large enough to pay for it.</summary>
    internal static void ForThreads(long multiplyAdds, int tiles, Action<int, int> body)
    {
        var threads = multiplyAdds >= Gemm.ParallelThreshold ? Math.Min(CpuThreads.Count, tiles) : 1;
        if (threads <= 1)
        {
            body(0, tiles);
            return;
        }
        var chunks = Math.Min(tiles, threads * ChunksPerThread);
        Parallel.For(0, chunks, CpuThreads.Options, t => body((int)((long)tiles * t / chunks), (int)((long)tiles * (t + 1) / chunks)));
    }

    /// <summary>
    /// Contiguous runs of tiles per core, taken by whichever core is free (Parallel.For hands out
    /// iterations dynamically): when the host stalls one vCPU the other takes over its share
    /// instead of waiting at the end. Tiles are independent, so the split changes no result. With
    /// 6 runs per core the three-run means of quick's two-thread direct conv passes were 183 against
    /// 174 GFLOP/s with one run per core (2026-12-02, Zen 4).
    /// </summary>
    private const int ChunksPerThread = 6;

    /// <summary>Runs body(0 .. count-1) on the cores when there are several items and enough elements (<paramref name="work"/>) to pay for the handoff.</summary>
    internal static void ForEach(int count, long work, Action<int> body)
    {
        if (count > 1 && work >= 1 << 16 && CpuThreads.Count > 1) Parallel.For(0, count, CpuThreads.Options, body);
        else for (var i = 0; i < count; i++) body(i);
    }
}
