// Conv2d family (cross-correlation, groups = 1), direct: one work-item per output element.
// p = first operand, q = second operand (each with its own 4 strides and offset), r = contiguous output.
typedef struct { int N; int C; int H; int W; int O; int KH; int KW; int HO; int WO;
                 int sh; int sw; int ph; int pw; int dh; int dw;
                 int ps[4]; int qs[4]; int pOffset; int qOffset; int rOffset; } ConvGeom;

// y[n, o, i, j] = sum over c, u, v of x[n, c, i*sh - ph + u*dh, j*sw - pw + v*dw] * w[o, c, u, v]
KERNEL void conv_forward(GLOBAL const T* x, GLOBAL const T* w, GLOBAL T* y, ConvGeom g, int total)
{
    int e = GID(0);
    if (e >= total) return;
    int j = e % g.WO, i = (e / g.WO) % g.HO, o = (e / (g.WO * g.HO)) % g.O, n = e / (g.WO * g.HO * g.O);
    T acc = (T)0;
    for (int c = 0; c < g.C; c++)
        for (int u = 0; u < g.KH; u++)
        {
            int h = i * g.sh - g.ph + u * g.dh;
            if (h < 0 || h >= g.H) continue;
            for (int v = 0; v < g.KW; v++)
            {
                int ww = j * g.sw - g.pw + v * g.dw;
                if (ww < 0 || ww >= g.W) continue;
                acc += x[g.pOffset + n * g.ps[0] + c * g.ps[1] + h * g.ps[2] + ww * g.ps[3]]
                     * w[g.qOffset + o * g.qs[0] + c * g.qs[1] + u * g.qs[2] + v * g.qs[3]];
            }
        }
    y[g.rOffset + e] = acc;
}

// gx[n, c, h, w] = sum over o, u, v with h = i*sh - ph + u*dh (and likewise w) of gy[n, o, i, j] * w[o, c, u, v]
KERNEL void conv_grad_input(GLOBAL const T* gy, GLOBAL const T* w, GLOBAL T* gx, ConvGeom g, int total)
{
    int e = GID(0);
    if (e >= total) return;
    int x = e % g.W, h = (e / g.W) % g.H, c = (e / (g.W * g.H)) % g.C, n = e / (g.W * g.H * g.C);
    T acc = (T)0;
    for (int u = 0; u < g.KH; u++)
    {
        int ti = h + g.ph - u * g.dh;
        if (ti < 0 || ti % g.sh != 0) continue;
        int i = ti / g.sh;
        if (i >= g.HO) continue;
        for (int v = 0; v < g.KW; v++)
        {
            int tj = x + g.pw - v * g.dw;
            if (tj < 0 || tj % g.sw != 0) continue;
            int j = tj / g.sw;
            if (j >= g.WO) continue;
            for (int o = 0; o < g.O; o++)
                acc += gy[g.pOffset + n * g.ps[0] + o * g.ps[1] + i * g.ps[2] + j * g.ps[3]]
                     * w[g.qOffset + o * g.qs[0] + c * g.qs[1] + u * g.qs[2] + v * g.qs[3]];
        }
    }
    gx[g.rOffset + e] = acc;
}

// gw[o, c, u, v] = sum over n, i, j of x[n, c, i*sh - ph + u*dh, j*sw - pw + v*dw] * gy[n, o, i, j].
// Work-item (s, e) sums images n = s, s + splits, ... for weight element e into part[s * total + e];
// with splits = 1 that is gw itself, otherwise the host sums the splits (few weights, many images).
KERNEL void conv_grad_weight(GLOBAL const T* x, GLOBAL const T* gy, GLOBAL T* gw, ConvGeom g, int total, int splits)
{
    int id = GID(0);
    if (id >= total * splits) return;
    int e = id % total, split = id / total;
    int v = e % g.KW, u = (e / g.KW) % g.KH, c = (e / (g.KW * g.KH)) % g.C, o = e / (g.KW * g.KH * g.C);
    T acc = (T)0;
    for (int n = split; n < g.N; n += splits)
        for (int i = 0; i < g.HO; i++)
        {
            int h = i * g.sh - g.ph + u * g.dh;
            if (h < 0 || h >= g.H) continue;
            for (int j = 0; j < g.WO; j++)
            {
                int ww = j * g.sw - g.pw + v * g.dw;
                if (ww < 0 || ww >= g.W) continue;
                acc += x[g.pOffset + n * g.ps[0] + c * g.ps[1] + h * g.ps[2] + ww * g.ps[3]]
                     * gy[g.qOffset + n * g.qs[0] + o * g.qs[1] + i * g.qs[2] + j * g.qs[3]];
            }
        }
    gw[g.rOffset + split * total + e] = acc;
}
