// Reduction family: y[o] = sum or max of x over the reduced axes. The host orders x's dimensions as
// (kept..., reduced...): output o walks the kept ones, inner index j the reduced ones.
typedef struct { int outRank; int outShape[MAXR]; int outStride[MAXR]; int inRank; int inShape[MAXR]; int inStride[MAXR];
                 int inner; int xOffset; int yOffset; } RedGeom;

INLINE int red_walk(int rank, PRIVATE const int* shape, PRIVATE const int* stride, int i)
{
    int o = 0;
    for (int d = rank - 1; d >= 0; d--)
    {
        o += (i % shape[d]) * stride[d];
        i /= shape[d];
    }
    return o;
}

INLINE T red_combine(int op, T acc, T v) { return op == 0 ? acc + v : max_nan(acc, v); }

#define RG 256

// One work-group per output: the group strides over the reduced elements, then a tree in local memory.
KERNEL void reduce_group(GLOBAL const T* x, GLOBAL T* y, RedGeom g, int op)
{
    LOCAL T part[RG];
    int o = GROUP(0), t = LID(0);
    int base = g.xOffset + red_walk(g.outRank, g.outShape, g.outStride, o);
    // Max starts every thread from element 0 (max is idempotent); sum starts from zero.
    T acc = op == 0 ? (T)0 : x[base];
    for (int j = t; j < g.inner; j += RG) acc = red_combine(op, acc, x[base + red_walk(g.inRank, g.inShape, g.inStride, j)]);
    part[t] = acc;
    BARRIER();
    for (int s = RG / 2; s > 0; s >>= 1)
    {
        if (t < s) part[t] = red_combine(op, part[t], part[t + s]);
        BARRIER();
    }
    if (t == 0) y[g.yOffset + o] = part[0];
}

// One work-item per output, for many outputs over few reduced elements each.
KERNEL void reduce_thread(GLOBAL const T* x, GLOBAL T* y, RedGeom g, int op, int outputs)
{
    int o = GID(0);
    if (o >= outputs) return;
    int base = g.xOffset + red_walk(g.outRank, g.outShape, g.outStride, o);
    T acc = x[base];
    for (int j = 1; j < g.inner; j++) acc = red_combine(op, acc, x[base + red_walk(g.inRank, g.inShape, g.inStride, j)]);
    y[g.yOffset + o] = acc;
}
