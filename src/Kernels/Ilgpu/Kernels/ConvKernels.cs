using System.Numerics;
using ILGPU;

namespace Engine.Kernels.Ilgpu;

/// <summary>
/// Sizes of one conv problem with the strides and offsets of its two inputs (P, Q) and the
/// contiguous output's offset. Forward: P = x, Q = w; grad-input: P = gy, Q = w; grad-weight: P = x, Q = gy.
/// </summary>
internal readonly record struct ConvShape(
    int N, int C, int H, int W, int O, int KH, int KW, int Ho, int Wo,
    int StrideH, int StrideW, int PadH, int PadW, int DilationH, int DilationW,
    int P0, int P1, int P2, int P3, int Q0, int Q1, int Q2, int Q3, int POffset, int QOffset, int ROffset);

/// <summary>Direct conv2d kernels: one thread per output element, summing its receptive field in a fixed order.</summary>
internal static class ConvKernels
{
    // y[n, o, i, j] = sum_{c, p, q} x[n, c, i*sh - ph + p*dh, j*sw - pw + q*dw] * w[o, c, p, q]
    public static void Forward<T>(Index1D lane, Lanes lanes, ArrayView<T> x, ArrayView<T> w, ArrayView<T> y, ConvShape s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var idx = lane.X; idx < lanes.Count; idx += lanes.Threads)
        {
            int j = idx % s.Wo, i = idx / s.Wo % s.Ho, o = idx / (s.Wo * s.Ho) % s.O, n = idx / (s.Wo * s.Ho * s.O);
            var acc = T.Zero;
            for (var c = 0; c < s.C; c++)
                for (var p = 0; p < s.KH; p++)
                {
                    var h = i * s.StrideH - s.PadH + p * s.DilationH;
                    if (h < 0 || h >= s.H) continue;
                    for (var q = 0; q < s.KW; q++)
                    {
                        var v = j * s.StrideW - s.PadW + q * s.DilationW;
                        if (v < 0 || v >= s.W) continue;
                        acc += x[s.POffset + n * s.P0 + c * s.P1 + h * s.P2 + v * s.P3] * w[s.QOffset + o * s.Q0 + c * s.Q1 + p * s.Q2 + q * s.Q3];
                    }
                }
            y[s.ROffset + idx] = acc;
        }
    }

    // gx[n, c, h, v] = sum over (o, p, q) whose output position (i, j) hits (h, v): gy[n, o, i, j] * w[o, c, p, q]
    public static void GradInput<T>(Index1D lane, Lanes lanes, ArrayView<T> gy, ArrayView<T> w, ArrayView<T> gx, ConvShape s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var idx = lane.X; idx < lanes.Count; idx += lanes.Threads)
        {
            int v = idx % s.W, h = idx / s.W % s.H, c = idx / (s.W * s.H) % s.C, n = idx / (s.W * s.H * s.C);
            var acc = T.Zero;
            for (var o = 0; o < s.O; o++)
                for (var p = 0; p < s.KH; p++)
                {
                    var hi = h + s.PadH - p * s.DilationH;
                    if (hi < 0 || hi % s.StrideH != 0 || hi / s.StrideH >= s.Ho) continue;
                    var i = hi / s.StrideH;
                    for (var q = 0; q < s.KW; q++)
                    {
                        var vj = v + s.PadW - q * s.DilationW;
                        if (vj < 0 || vj % s.StrideW != 0 || vj / s.StrideW >= s.Wo) continue;
                        var j = vj / s.StrideW;
                        acc += gy[s.POffset + n * s.P0 + o * s.P1 + i * s.P2 + j * s.P3] * w[s.QOffset + o * s.Q0 + c * s.Q1 + p * s.Q2 + q * s.Q3];
                    }
                }
            gx[s.ROffset + idx] = acc;
        }
    }

    // gw[o, c, p, q] = sum_{n, i, j} gy[n, o, i, j] * x[n, c, i*sh - ph + p*dh, j*sw - pw + q*dw]
    public static void GradWeight<T>(Index1D lane, Lanes lanes, ArrayView<T> x, ArrayView<T> gy, ArrayView<T> gw, ConvShape s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var idx = lane.X; idx < lanes.Count; idx += lanes.Threads)
        {
            int q = idx % s.KW, p = idx / s.KW % s.KH, c = idx / (s.KW * s.KH) % s.C, o = idx / (s.KW * s.KH * s.C);
            var acc = T.Zero;
            for (var n = 0; n < s.N; n++)
                for (var i = 0; i < s.Ho; i++)
                {
                    var h = i * s.StrideH - s.PadH + p * s.DilationH;
                    if (h < 0 || h >= s.H) continue;
                    for (var j = 0; j < s.Wo; j++)
                    {
                        var v = j * s.StrideW - s.PadW + q * s.DilationW;
                        if (v < 0 || v >= s.W) continue;
                        acc += gy[s.QOffset + n * s.Q0 + o * s.Q1 + i * s.Q2 + j * s.Q3] * x[s.POffset + n * s.P0 + c * s.P1 + h * s.P2 + v * s.P3];
                    }
                }
            gw[s.ROffset + idx] = acc;
        }
    }
}
