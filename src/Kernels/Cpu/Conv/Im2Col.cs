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
    public static unsafe void Pack(ConvDims d, T[] x, int xOff, T[] col, int colOff, int ldcol)
    {
        // Raw pointers: with small images (7x7 outputs) the per-row setup, not the copying, is the cost.
        CheckRange(d, x.Length, xOff, col.Length, colOff, ldcol);
        var g = d.Geometry;
        int sw = g.StrideW, wo = d.Wo;
        fixed (T* px = x, pc = col)
        {
            if (typeof(T) == typeof(float) && Im2ColGather.IsSupported)
            {
                Im2ColGather.Pack(d, (float*)(px + xOff), (float*)(pc + colOff), ldcol);
                return;
            }
            for (var c = 0; c < d.C; c++)
                for (var ki = 0; ki < d.KH; ki++)
                    for (var kj = 0; kj < d.KW; kj++)
                    {
                        var dst = pc + colOff + (long)((c * d.KH + ki) * d.KW + kj) * ldcol;
                        var (lo, hi, shift) = ValidColumns(d, kj);
                        for (var oh = 0; oh < d.Ho; oh++, dst += wo)
                        {
                            var ih = oh * g.StrideH - g.PadH + ki * g.DilationH;
                            if (ih < 0 || ih >= d.H || lo > hi)
                            {
                                for (var ow = 0; ow < wo; ow++) dst[ow] = T.Zero;
                                continue;
                            }
                            var src = px + xOff + (c * d.H + ih) * d.W + shift;
                            for (var ow = 0; ow < lo; ow++) dst[ow] = T.Zero;
                            if (sw == 1) new ReadOnlySpan<T>(src + lo, hi - lo + 1).CopyTo(new Span<T>(dst + lo, hi - lo + 1));
                            else for (var ow = lo; ow <= hi; ow++) dst[ow] = src[ow * sw];
                            for (var ow = hi + 1; ow < wo; ow++) dst[ow] = T.Zero;
                        }
                    }
        }
    }

    /// <summary>Adds the column matrix back into image gx (at gxOff, [C, H, W]): the adjoint of <see cref="Pack"/>.</summary>
    public static unsafe void Unpack(ConvDims d, T[] col, int colOff, int ldcol, T[] gx, int gxOff)
    {
        CheckRange(d, gx.Length, gxOff, col.Length, colOff, ldcol);
        fixed (T* pg = gx, pc = col)
            Col2ImTable.Unpack(d, pc + colOff, ldcol, pg + gxOff);
    }

    /// <summary>The pointer loops trust these bounds: one image of x (or gx) and P columns of every col row.</summary>
    private static void CheckRange(ConvDims d, int imageLength, int imageOff, int colLength, int colOff, int ldcol)
    {
        if (imageOff < 0 || (long)imageOff + (long)d.C * d.H * d.W > imageLength || colOff < 0 || ldcol < d.P
            || (d.Ckk > 0 && (long)colOff + (long)(d.Ckk - 1) * ldcol + d.P > colLength))
            throw new ArgumentOutOfRangeException(nameof(imageOff), $"conv2d: im2col range outside its arrays ({d})");
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

    private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static int CeilDiv(int a, int b) => -FloorDiv(-a, b);
}
