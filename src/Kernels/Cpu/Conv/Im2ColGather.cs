using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Engine.Kernels.Cpu;

/// <summary>
/// im2col for float32 by AVX2 masked gathers. For a fixed kernel tap (ki, kj), output position p
/// of every channel reads the input at one offset from the channel's start (or padding): a table
/// of KH*KW x P offsets, the same for every channel and image, turns each column-matrix row into
/// gathers of 8. The element loop it replaces spends its time on the short runs (7 outputs per
/// row on a 7x7 output, every other input at stride 2), not on the copying.
/// </summary>
internal static unsafe class Im2ColGather
{
    [ThreadStatic] private static ConvDims _tableDims;
    [ThreadStatic] private static int[]? _table;

    /// <summary>Whether the gather path runs on this machine (AVX2).</summary>
    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>The rows of one image's column matrix, as <see cref="Im2Col{T}.Pack"/> writes them; ranges are checked by the caller.</summary>
    public static void Pack(ConvDims d, float* x, float* col, int ldcol)
    {
        var table = Offsets(d);
        int p = d.P, taps = d.KH * d.KW, p8 = p & ~7, hw = d.H * d.W;
        fixed (int* offsets = table)
            for (var c = 0; c < d.C; c++)
            {
                var channel = x + (long)c * hw;
                for (var t = 0; t < taps; t++)
                {
                    var dst = col + (long)(c * taps + t) * ldcol;
                    var off = offsets + t * p;
                    var q = 0;
                    for (; q < p8; q += 8)
                    {
                        var index = Avx.LoadVector256(off + q);
                        // Padding has offset -1: its mask lane is clear, so the lane keeps the zero source.
                        var mask = Avx2.CompareGreaterThan(index, Vector256.Create(-1)).AsSingle();
                        var v = Avx2.GatherMaskVector256(Vector256<float>.Zero, channel, Vector256.Max(index, Vector256<int>.Zero), mask, 4);
                        Avx.Store(dst + q, v);
                    }
                    for (; q < p; q++) dst[q] = off[q] >= 0 ? channel[off[q]] : 0f;
                }
            }
    }

    /// <summary>offsets[(ki * KW + kj) * P + oh * Wo + ow]: the input element's offset in its channel, or -1 in the padding.</summary>
    private static int[] Offsets(ConvDims d)
    {
        if (_table is { } cached && _tableDims == d) return cached;
        var g = d.Geometry;
        var table = new int[d.KH * d.KW * d.P];
        for (var ki = 0; ki < d.KH; ki++)
            for (var kj = 0; kj < d.KW; kj++)
                for (var oh = 0; oh < d.Ho; oh++)
                    for (var ow = 0; ow < d.Wo; ow++)
                    {
                        int ih = oh * g.StrideH - g.PadH + ki * g.DilationH, iw = ow * g.StrideW - g.PadW + kj * g.DilationW;
                        table[((ki * d.KW + kj) * d.Ho + oh) * d.Wo + ow] = ih >= 0 && ih < d.H && iw >= 0 && iw < d.W ? ih * d.W + iw : -1;
                    }
        (_table, _tableDims) = (table, d);
        return table;
    }
}
