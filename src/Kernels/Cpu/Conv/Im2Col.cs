using System.Numerics;
using Engine.Tensors;

namespace Engine.Kernels.Cpu;

/// <summary>
/// The column matrix of one image: row (c, ki, kj) holds, for each output position (oh, ow), the
/// input element x[c, oh*sh - ph + ki*dh, ow*sw - pw + kj*dw] (0 in the padding). A conv is then
/// one GEMM; col2im is its adjoint, adding each column entry back to the element it came from.
/// </summary>
internal static class Im2Col<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Writes the C*kh*kw rows of P = Ho*Wo entries of image x (at xOff, [C, H, W]) into col at colOff with row stride ldcol.</summary>
    public static void Pack(ConvDims d, T[] x, int xOff, T[] col, int colOff, int ldcol)
    {
        var g = d.Geometry;
        for (var c = 0; c < d.C; c++)
            for (var ki = 0; ki < d.KH; ki++)
                for (var kj = 0; kj < d.KW; kj++)
                {
                    var row = col.AsSpan(colOff + ((c * d.KH + ki) * d.KW + kj) * ldcol, d.P);
                    var (lo, hi, shift) = ValidColumns(d, kj);
                    for (var oh = 0; oh < d.Ho; oh++)
                    {
                        var dst = row.Slice(oh * d.Wo, d.Wo);
                        var ih = oh * g.StrideH - g.PadH + ki * g.DilationH;
                        if (ih < 0 || ih >= d.H || lo > hi) { dst.Clear(); continue; }
                        var src = x.AsSpan(xOff + (c * d.H + ih) * d.W, d.W);
                        dst[..lo].Clear();
                        dst[(hi + 1)..].Clear();
                        if (g.StrideW == 1) src.Slice(lo + shift, hi - lo + 1).CopyTo(dst[lo..]);
                        else for (var ow = lo; ow <= hi; ow++) dst[ow] = src[ow * g.StrideW + shift];
                    }
                }
    }

    /// <summary>Adds the column matrix back into image gx (at gxOff, [C, H, W]): the adjoint of <see cref="Pack"/>.</summary>
    public static void Unpack(ConvDims d, T[] col, int colOff, int ldcol, T[] gx, int gxOff)
    {
        var g = d.Geometry;
        for (var c = 0; c < d.C; c++)
            for (var ki = 0; ki < d.KH; ki++)
                for (var kj = 0; kj < d.KW; kj++)
                {
                    var row = col.AsSpan(colOff + ((c * d.KH + ki) * d.KW + kj) * ldcol, d.P);
                    var (lo, hi, shift) = ValidColumns(d, kj);
                    if (lo > hi) continue;
                    for (var oh = 0; oh < d.Ho; oh++)
                    {
                        var ih = oh * g.StrideH - g.PadH + ki * g.DilationH;
                        if (ih < 0 || ih >= d.H) continue;
                        var src = row.Slice(oh * d.Wo, d.Wo);
                        var dst = gx.AsSpan(gxOff + (c * d.H + ih) * d.W, d.W);
                        if (g.StrideW == 1) Add(src.Slice(lo, hi - lo + 1), dst.Slice(lo + shift, hi - lo + 1));
                        else for (var ow = lo; ow <= hi; ow++) dst[ow * g.StrideW + shift] += src[ow];
                    }
                }
    }

    /// <summary>Output columns ow in [lo, hi] read input column ow*sw + shift inside the image; the rest read padding.</summary>
    private static (int Lo, int Hi, int Shift) ValidColumns(ConvDims d, int kj)
    {
        var g = d.Geometry;
        var shift = kj * g.DilationW - g.PadW;
        var lo = Math.Max(0, CeilDiv(-shift, g.StrideW));
        var hi = Math.Min(d.Wo - 1, FloorDiv(d.W - 1 - shift, g.StrideW));
        return (lo, hi, shift);
    }

    private static void Add(ReadOnlySpan<T> src, Span<T> dst) => System.Numerics.Tensors.TensorPrimitives.Add(dst, src, dst);

    private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static int CeilDiv(int a, int b) => -FloorDiv(-a, b);
}

/// <summary>The sizes of one conv problem, checked once by the backend.</summary>
internal readonly record struct ConvDims(int N, int C, int H, int W, int O, int KH, int KW, int Ho, int Wo, Conv2dGeometry Geometry)
{
    /// <summary>Output positions per image.</summary>
    public int P => Ho * Wo;

    /// <summary>Rows of the column matrix (C * kh * kw), the GEMM depth of the forward pass.</summary>
    public int Ckk => C * KH * KW;
}
