namespace Engine.Tests.Autodiff;

/// <summary>Plain nested-loop float64 convolutions, the reference for the conv rows of the op table.</summary>
public static class ConvReference
{
    public static RefArray Conv2d(RefArray x, RefArray w, int stride, int pad, int dilation)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], wd = x.Shape[3];
        int o = w.Shape[0], kh = w.Shape[2], kw = w.Shape[3];
        int ho = (h + 2 * pad - dilation * (kh - 1) - 1) / stride + 1, wo = (wd + 2 * pad - dilation * (kw - 1) - 1) / stride + 1;
        var y = new double[n * o * ho * wo];
        for (var b = 0; b < n; b++)
        for (var oc = 0; oc < o; oc++)
        for (var i = 0; i < ho; i++)
        for (var j = 0; j < wo; j++)
        {
            var s = 0.0;
            for (var ic = 0; ic < c; ic++)
            for (var p = 0; p < kh; p++)
            for (var q = 0; q < kw; q++)
            {
                int r = i * stride - pad + p * dilation, col = j * stride - pad + q * dilation;
                if (r >= 0 && r < h && col >= 0 && col < wd) s += x.At([b, ic, r, col]) * w.At([oc, ic, p, q]);
            }
            y[((b * o + oc) * ho + i) * wo + j] = s;
        }
        return new RefArray(y, [n, o, ho, wo]);
    }

    /// <summary>Transposed conv by scattering each input element: x [N, Cin, H, W], w [Cin, Cout, kH, kW].</summary>
    public static RefArray ConvTranspose2d(RefArray x, RefArray w, int stride, int pad, int outputPadding)
    {
        int n = x.Shape[0], cin = x.Shape[1], h = x.Shape[2], wd = x.Shape[3];
        int cout = w.Shape[1], kh = w.Shape[2], kw = w.Shape[3];
        int ho = (h - 1) * stride - 2 * pad + kh + outputPadding, wo = (wd - 1) * stride - 2 * pad + kw + outputPadding;
        var y = new double[n * cout * ho * wo];
        for (var b = 0; b < n; b++)
        for (var ic = 0; ic < cin; ic++)
        for (var i = 0; i < h; i++)
        for (var j = 0; j < wd; j++)
        for (var oc = 0; oc < cout; oc++)
        for (var p = 0; p < kh; p++)
        for (var q = 0; q < kw; q++)
        {
            int r = i * stride - pad + p, col = j * stride - pad + q;
            if (r >= 0 && r < ho && col >= 0 && col < wo) y[((b * cout + oc) * ho + r) * wo + col] += x.At([b, ic, i, j]) * w.At([ic, oc, p, q]);
        }
        return new RefArray(y, [n, cout, ho, wo]);
    }

    public static RefArray AddChannelBias(RefArray y, RefArray bias) =>
        RefArray.Zip(y, new RefArray(bias.Data, [1, bias.Numel, 1, 1]), (a, b) => a + b);

    /// <summary>d/dw of sum(gy * conv(x, w)): gw[o, c, p, q] = sum over b, i, j of gy[b, o, i, j] x[b, c, i s - pad + p, j s - pad + q].</summary>
    public static RefArray Conv2dGradWeight(RefArray x, RefArray gy, int kh, int kw, int stride, int pad)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], wd = x.Shape[3], o = gy.Shape[1], ho = gy.Shape[2], wo = gy.Shape[3];
        var gw = new double[o * c * kh * kw];
        for (var oc = 0; oc < o; oc++)
        for (var ic = 0; ic < c; ic++)
        for (var p = 0; p < kh; p++)
        for (var q = 0; q < kw; q++)
        {
            var s = 0.0;
            for (var b = 0; b < n; b++)
            for (var i = 0; i < ho; i++)
            for (var j = 0; j < wo; j++)
            {
                int r = i * stride - pad + p, col = j * stride - pad + q;
                if (r >= 0 && r < h && col >= 0 && col < wd) s += gy.At([b, oc, i, j]) * x.At([b, ic, r, col]);
            }
            gw[((oc * c + ic) * kh + p) * kw + q] = s;
        }
        return new RefArray(gw, [o, c, kh, kw]);
    }
}
