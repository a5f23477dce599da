using System.Numerics;

namespace Engine.Kernels.Cpu;

/// <summary>
/// Conv2d's input gradient without a column matrix, by stride phases. Input elements whose
/// (ih + pad) and (iw + pad) leave the same remainders by the stride are reached by the same taps
/// (those whose ki * dilation leaves that remainder), each tap from the output row and column
/// shifted by a fixed amount: so each phase is a stride-1 correlation of the zero-bordered output
/// gradient with its taps, run by <see cref="ConvDirectKernel{T}"/> with input channels in the
/// vectors. For the MNIST critic's 5x5 stride-2 layers the four phases hold 9, 6, 6 and 4 taps.
/// <para>
/// Each element sums, tap by tap in tap order, an FMA chain over output channels from zero, as the
/// im2col path's GEMM (one K block while there are at most <see cref="GemmConfig{T}.KC"/> output
/// channels) and its col2im gather do; taps that fall in the border add a zero. The results are
/// those of the im2col path, but for the sign of a zero.
/// </para>
/// </summary>
internal static unsafe class Conv2dDirectGradInput<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static int MR => ConvDirectKernel<T>.MR;
    private static int NR => ConvDirectKernel<T>.NR;

    /// <summary>
    /// Whether the automatic choice takes this path: AVX-512, at least one full panel of input
    /// channels (a 1-channel image would fill one lane of 16), an output-channel sum in one K block
    /// (so the sums are the im2col path's), and an im2col GEMM that would be blocked.
    /// </summary>
    public static bool Preferred(ConvDims d) =>
        GemmConfig<T>.Path == 512 && d.C >= NR && d.O <= GemmConfig<T>.KC && d.Ckk > GemmSkinny<T>.MaxSide && d.P > GemmSkinny<T>.MaxSide && Fits(d);

    /// <summary>Whether every offset into the bordered output gradient fits an int.</summary>
    public static bool Fits(ConvDims d)
    {
        var (_, _, hq, wq) = Tables.Border(d);
        return (long)d.N * d.O * hq * wq < int.MaxValue && (long)d.N * d.C * d.H * d.W < int.MaxValue;
    }

    /// <summary>gx[n, c, ih, iw] = sum over the taps that reach it of sum over o of w[o, c, tap] gy[n, o, position]; gx is overwritten.</summary>
    public static void Run(ConvDims d, T[] gy, int gyOff, T[] w, int wOff, T[] gx, int gxOff)
    {
        int nr = NR, panels = (d.C + nr - 1) / nr, ldc = panels * nr, taps = d.KH * d.KW;
        var tables = Tables.For(d);
        fixed (T* pgy = gy, pw = w, pgx = gx)
        {
            T* gyp = Bordered(d, tables, pgy + gyOff);
            // wt[o, tap, c] = w[o, c, tap]: each (o, tap) holds its input channels side by side.
            T* wt = ConvDirectBuffers<T>.Weights((long)d.O * taps * d.C);
            nint nw = (nint)(pw + wOff), nwt = (nint)wt;
            Conv2dDirect<T>.ForEach(d.O, (long)d.O * d.Ckk, o => Conv2dDirect<T>.Transpose((T*)nw + (long)o * d.Ckk, taps, d.C, taps, (T*)nwt + (long)o * d.Ckk, d.C));
            foreach (var phase in tables.Phases)
            {
                if (phase.Rows == 0) continue;
                var steps = phase.TapCount * d.O;
                T* panel = ConvDirectBuffers<T>.Panels((long)panels * Math.Max(steps, 1) * nr);
                PackPhase(d, phase, wt, panel, panels);
                var tiles = (phase.Rows + MR - 1) / MR;
                T* ct = ConvDirectBuffers<T>.Tiles((long)tiles * MR * ldc);
                if (steps == 0) new Span<T>(ct, phase.Rows * ldc).Clear();
                nint ngy = (nint)gyp, np = (nint)panel, nct = (nint)ct;
                var kc0 = GemmConfig<T>.KC;
                fixed (int* stepOffsets = phase.Steps, rowOffsets = phase.RowOffsets)
                {
                    nint ns = (nint)stepOffsets, nrow = (nint)rowOffsets;
                    Conv2dDirect<T>.ForThreads((long)steps * phase.Rows * d.C, tiles, (t0, t1) =>
                    {
                        for (var pn = 0; pn < panels; pn++)
                            for (var tap = 0; tap < phase.TapCount; tap++)
                                for (var o0 = 0; o0 < d.O; o0 += kc0)
                                {
                                    var s0 = tap * d.O + o0;
                                    var kc = Math.Min(kc0, d.O - o0);
                                    T* block = (T*)np + ((long)pn * steps + s0) * nr;
                                    for (var t = t0; t < t1; t++)
                                    {
                                        var r = t * MR;
                                        ConvDirectKernel<T>.Run((T*)ngy, (int*)ns + s0, kc, block, (int*)nrow + r, (T*)nct + (long)r * ldc + pn * nr, ldc,
                                            Math.Min(MR, phase.Rows - r), s0 > 0);
                                    }
                                }
                    });
                }
                Scatter(d, phase, ct, ldc, pgx + gxOff);
            }
        }
    }

    /// <summary>panel[pn, step, j] = w[o, pn * NR + j, tap] for step = (tap index in the phase) * O + o; zeros past the last channel.</summary>
    private static void PackPhase(ConvDims d, Phase phase, T* wt, T* panel, int panels)
    {
        int nr = NR, taps = d.KH * d.KW, steps = phase.TapCount * d.O;
        nint nwt = (nint)wt, np = (nint)panel;
        // one job per (channel panel, tap of the phase): O contiguous steps of the panel
        Conv2dDirect<T>.ForEach(panels * phase.TapCount, (long)panels * steps * nr, job =>
        {
            int pn = job / phase.TapCount, i = job % phase.TapCount, valid = Math.Min(nr, d.C - pn * nr);
            for (var o = 0; o < d.O; o++)
            {
                T* dst = (T*)np + ((long)pn * steps + i * d.O + o) * nr;
                new ReadOnlySpan<T>((T*)nwt + ((long)o * taps + phase.Taps[i]) * d.C + pn * nr, valid).CopyTo(new Span<T>(dst, valid));
                if (valid < nr) new Span<T>(dst + valid, nr - valid).Clear();
            }
        });
    }

    /// <summary>gy [N, O, Ho, Wo] inside a zero border wide enough for every shifted read.</summary>
    private static T* Bordered(ConvDims d, Tables tables, T* gy)
    {
        int hq = tables.Hq, wq = tables.Wq, top = tables.Top, left = tables.Left, planes = d.N * d.O;
        T* gyp = ConvDirectBuffers<T>.Input((long)planes * hq * wq);
        nint src = (nint)gy, dst = (nint)gyp;
        Conv2dDirect<T>.ForEach(planes, (long)planes * hq * wq, i =>
        {
            T* s = (T*)src + (long)i * d.Ho * d.Wo, o = (T*)dst + (long)i * hq * wq;
            new Span<T>(o, hq * wq).Clear();
            for (var h = 0; h < d.Ho; h++)
                new ReadOnlySpan<T>(s + (long)h * d.Wo, d.Wo).CopyTo(new Span<T>(o + (long)(h + top) * wq + left, d.Wo));
        });
        return gyp;
    }

    /// <summary>Writes the phase's rows (n, i, j), channels in columns, to gx[n, c, ih0 + i * sh, iw0 + j * sw].</summary>
    private static void Scatter(ConvDims d, Phase phase, T* ct, int ldc, T* gx)
    {
        int per = phase.Heights * phase.Widths, sh = d.Geometry.StrideH, sw = d.Geometry.StrideW;
        T* staging = ConvDirectBuffers<T>.Staging((long)d.N * d.C * per);
        nint nct = (nint)ct, nst = (nint)staging, ngx = (nint)gx;
        Conv2dDirect<T>.ForEach(d.N, (long)d.N * d.C * per, n =>
        {
            // [per, C] -> [C, per] in 8x8 blocks, then each row of the phase into its strided place
            T* st = (T*)nst + (long)n * d.C * per;
            Conv2dDirect<T>.Transpose((T*)nct + (long)n * per * ldc, ldc, per, d.C, st, per);
            for (var c = 0; c < d.C; c++)
                for (var i = 0; i < phase.Heights; i++)
                {
                    T* src = st + (long)c * per + i * phase.Widths;
                    T* dst = (T*)ngx + ((long)(n * d.C + c) * d.H + phase.FirstH + i * sh) * d.W + phase.FirstW;
                    for (var j = 0; j < phase.Widths; j++) dst[(long)j * sw] = src[j];
                }
        });
    }


    /// <summary>
    /// One stride phase: input rows FirstH, FirstH + sh, ... (Heights of them) and columns likewise;
    /// the phase's taps (indices ki * KW + kj, ascending); step offsets (tap-major, then output channel)
    /// and row offsets (image-major) into the bordered output gradient, the rows padded to whole tiles.
    /// </summary>
    private sealed record Phase(int FirstH, int FirstW, int Heights, int Widths, int Rows, int[] Taps, int[] Steps, int[] RowOffsets)
    {
        public int TapCount => Taps.Length;
    }

    /// <summary>The border and phases of one conv shape, built once (<see cref="ConvShapeCache{TTables}"/>).</summary>
    private sealed class Tables
    {
        private static readonly ConvShapeCache<Tables> Cache = new(Build);

        public int Top, Left, Hq, Wq;
        public Phase[] Phases = [];

        public static Tables For(ConvDims d) => Cache.For(d);

        /// <summary>
        /// The border: Top rows above (the largest row shift of a tap), Left columns likewise, and
        /// the bordered height and width, deep enough below and right for the last input row and column.
        /// </summary>
        public static (int Top, int Left, int Hq, int Wq) Border(ConvDims d)
        {
            var g = d.Geometry;
            int top = (d.KH - 1) * g.DilationH / g.StrideH, left = (d.KW - 1) * g.DilationW / g.StrideW;
            var bottom = Math.Max(0, (d.H - 1 + g.PadH) / g.StrideH - (d.Ho - 1));
            var right = Math.Max(0, (d.W - 1 + g.PadW) / g.StrideW - (d.Wo - 1));
            return (top, left, top + d.Ho + bottom, left + d.Wo + right);
        }

        private static Tables Build(ConvDims d)
        {
            var g = d.Geometry;
            var t = new Tables();
            (t.Top, t.Left, t.Hq, t.Wq) = Border(d);
            var phases = new List<Phase>();
            for (var rh = 0; rh < g.StrideH; rh++)
                for (var rw = 0; rw < g.StrideW; rw++)
                {
                    // input rows ih with (ih + pad) % stride == remainder
                    var firstH = ((rh - g.PadH) % g.StrideH + g.StrideH) % g.StrideH;
                    var firstW = ((rw - g.PadW) % g.StrideW + g.StrideW) % g.StrideW;
                    var heights = firstH < d.H ? (d.H - 1 - firstH) / g.StrideH + 1 : 0;
                    var widths = firstW < d.W ? (d.W - 1 - firstW) / g.StrideW + 1 : 0;
                    var taps = new List<int>();
                    var steps = new List<int>();
                    for (var ki = 0; ki < d.KH; ki++)
                        for (var kj = 0; kj < d.KW; kj++)
                        {
                            if (ki * g.DilationH % g.StrideH != rh || kj * g.DilationW % g.StrideW != rw) continue;
                            taps.Add(ki * d.KW + kj);
                            int shiftH = (ki * g.DilationH - rh) / g.StrideH, shiftW = (kj * g.DilationW - rw) / g.StrideW;
                            for (var o = 0; o < d.O; o++) steps.Add((o * t.Hq - shiftH) * t.Wq - shiftW);
                        }
                    var rows = d.N * heights * widths;
                    var offsets = new int[rows == 0 ? 0 : (rows + ConvDirectKernel<float>.MR - 1) / ConvDirectKernel<float>.MR * ConvDirectKernel<float>.MR];
                    var r = 0;
                    for (var n = 0; n < d.N; n++)
                        for (var i = 0; i < heights; i++)
                            for (var j = 0; j < widths; j++)
                            {
                                int qh = (firstH + i * g.StrideH + g.PadH - rh) / g.StrideH, qw = (firstW + j * g.StrideW + g.PadW - rw) / g.StrideW;
                                offsets[r++] = ((n * d.O * t.Hq) + qh + t.Top) * t.Wq + qw + t.Left;
                            }
                    for (; r < offsets.Length; r++) offsets[r] = offsets[rows - 1];
                    phases.Add(new Phase(firstH, firstW, heights, widths, rows, taps.ToArray(), steps.ToArray(), offsets));
                }
            t.Phases = phases.ToArray();
            return t;
        }
    }
}
