// Layer norm family over rows of length d (all operands contiguous from their offsets).
// One work-group per row for the row statistics; one work-item per feature for gw and gb.
typedef struct { int rows; int d; int hasW; int hasB; int x; int w; int b; int y; int mean; int rstd; int gy; int gx; } LnGeom;

#define LG 256

// Sums v over the group into part[0] (all work-items must call it).
INLINE T ln_group_sum(LPTR T* part, T v, int t)
{
    part[t] = v;
    BARRIER();
    for (int s = LG / 2; s > 0; s >>= 1)
    {
        if (t < s) part[t] += part[t + s];
        BARRIER();
    }
    T total = part[0];
    BARRIER();
    return total;
}

// y = (x - mean) * rstd * w + b, rstd = 1 / sqrt(biased var + eps); two passes for the variance.
KERNEL void ln_forward(GLOBAL const T* x, GLOBAL const T* w, GLOBAL const T* b, GLOBAL T* y, GLOBAL T* mean, GLOBAL T* rstd,
                       LnGeom g, double eps)
{
    LOCAL T part[LG];
    int r = GROUP(0), t = LID(0);
    int xo = g.x + r * g.d, yo = g.y + r * g.d;
    T s = (T)0;
    for (int j = t; j < g.d; j += LG) s += x[xo + j];
    T m = ln_group_sum(part, s, t) / (T)g.d;
    T q = (T)0;
    for (int j = t; j < g.d; j += LG) { T c = x[xo + j] - m; q += c * c; }
    T var = ln_group_sum(part, q, t) / (T)g.d;
    T rs = (T)(1.0 / sqrt((double)var + eps));
    for (int j = t; j < g.d; j += LG)
    {
        T v = (x[xo + j] - m) * rs;
        if (g.hasW) v *= w[g.w + j];
        if (g.hasB) v += b[g.b + j];
        y[yo + j] = v;
    }
    if (t == 0) { mean[g.mean + r] = m; rstd[g.rstd + r] = rs; }
}

// gx = rstd * (gy*w - mean(gy*w)) - (x - mean) * sum(gy*w*(x - mean)) * rstd^3 / d
KERNEL void ln_backward_input(GLOBAL const T* gy, GLOBAL const T* x, GLOBAL const T* mean, GLOBAL const T* rstd, GLOBAL const T* w,
                              GLOBAL T* gx, LnGeom g)
{
    LOCAL T part[LG];
    int r = GROUP(0), t = LID(0);
    int xo = g.x + r * g.d, go = g.gy + r * g.d, o = g.gx + r * g.d;
    T m = mean[g.mean + r], rs = rstd[g.rstd + r];
    T sg = (T)0, sgc = (T)0;
    for (int j = t; j < g.d; j += LG)
    {
        T gw = g.hasW ? gy[go + j] * w[g.w + j] : gy[go + j];
        sg += gw;
        sgc += gw * (x[xo + j] - m);
    }
    T meanG = ln_group_sum(part, sg, t) / (T)g.d;
    T c = ln_group_sum(part, sgc, t) * rs * rs / (T)g.d;
    for (int j = t; j < g.d; j += LG)
    {
        T gw = g.hasW ? gy[go + j] * w[g.w + j] : gy[go + j];
        gx[o + j] = rs * (gw - meanG - (x[xo + j] - m) * c);
    }
}

// gw[j] = sum over rows of gy * xhat, gb[j] = sum over rows of gy (either may be skipped).
KERNEL void ln_backward_affine(GLOBAL const T* gy, GLOBAL const T* x, GLOBAL const T* mean, GLOBAL const T* rstd,
                               GLOBAL T* gw, GLOBAL T* gb, LnGeom g, int wantW, int wantB, int gwOffset, int gbOffset)
{
    int j = GID(0);
    if (j >= g.d) return;
    T sw = (T)0, sb = (T)0;
    for (int r = 0; r < g.rows; r++)
    {
        T v = gy[g.gy + r * g.d + j];
        sb += v;
        sw += v * (x[g.x + r * g.d + j] - mean[g.mean + r]) * rstd[g.rstd + r];
    }
    if (wantW) gw[gwOffset + j] = sw;
    if (wantB) gb[gbOffset + j] = sb;
}
