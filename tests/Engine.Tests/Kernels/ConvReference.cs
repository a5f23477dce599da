using Engine.Tensors;

namespace Engine.Tests.Kernels;

/// <summary>Plain float64 nested loops over the conv definition, written independently of im2col.</summary>
public sealed record ConvCase(int N, int C, int H, int W, int O, int KH, int KW, Conv2dGeometry G, int ExtraH = 0, int ExtraW = 0)
{
    public int Ho => G.OutH(H, KH);
    public int Wo => G.OutW(W, KW);

    // Grad-input writes gx of H + ExtraH rows (ConvTranspose2d's output_padding); ExtraH < stride keeps Ho the same.
    public int GxH => H + ExtraH;
    public int GxW => W + ExtraW;

    public override string ToString() => $"N{N} C{C} {H}x{W} O{O} k{KH}x{KW} s{G.StrideH},{G.StrideW} p{G.PadH},{G.PadW} d{G.DilationH},{G.DilationW} +{ExtraH},{ExtraW}";

    /// <summary>Calls f(n, o, c, oh, ow, ki, kj, ih, iw) for every in-bounds term of the conv sum (x of hIn x wIn).</summary>
    public void ForEachTerm(int hIn, int wIn, Action<int, int, int, int, int, int, int, int, int> f)
    {
        for (var n = 0; n < N; n++)
            for (var o = 0; o < O; o++)
                for (var oh = 0; oh < Ho; oh++)
                    for (var ow = 0; ow < Wo; ow++)
                        for (var c = 0; c < C; c++)
                            for (var ki = 0; ki < KH; ki++)
                                for (var kj = 0; kj < KW; kj++)
                                {
                                    int ih = oh * G.StrideH - G.PadH + ki * G.DilationH, iw = ow * G.StrideW - G.PadW + kj * G.DilationW;
                                    if (ih >= 0 && ih < hIn && iw >= 0 && iw < wIn) f(n, o, c, oh, ow, ki, kj, ih, iw);
                                }
    }

    public double[] Forward(double[] x, double[] w)
    {
        var y = new double[N * O * Ho * Wo];
        ForEachTerm(H, W, (n, o, c, oh, ow, ki, kj, ih, iw) =>
            y[((n * O + o) * Ho + oh) * Wo + ow] += x[((n * C + c) * H + ih) * W + iw] * w[((o * C + c) * KH + ki) * KW + kj]);
        return y;
    }

    public double[] GradInput(double[] gy, double[] w)
    {
        var gx = new double[N * C * GxH * GxW];
        ForEachTerm(GxH, GxW, (n, o, c, oh, ow, ki, kj, ih, iw) =>
            gx[((n * C + c) * GxH + ih) * GxW + iw] += gy[((n * O + o) * Ho + oh) * Wo + ow] * w[((o * C + c) * KH + ki) * KW + kj]);
        return gx;
    }

    public double[] GradWeight(double[] x, double[] gy)
    {
        var gw = new double[O * C * KH * KW];
        ForEachTerm(H, W, (n, o, c, oh, ow, ki, kj, ih, iw) =>
            gw[((o * C + c) * KH + ki) * KW + kj] += gy[((n * O + o) * Ho + oh) * Wo + ow] * x[((n * C + c) * H + ih) * W + iw]);
        return gw;
    }
}
