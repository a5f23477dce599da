// Fused optimizer updates, in place on contiguous operands; the rounding follows the CPU kernels.
typedef struct { int n; int p; int g; int m; int v; } OptGeom;

// Adam: m = b1 m + c1 g; v = b2 v + c2 g^2; p -= stepSize * m / (sqrt(v * invBc2) + eps)
KERNEL void adam_update(GLOBAL T* p, GLOBAL const T* g, GLOBAL T* m, GLOBAL T* v, OptGeom o, T b1, T b2, T c1, T c2, T stepSize, T invBc2, T eps)
{
    int i = GID(0);
    if (i >= o.n) return;
    T gi = g[o.g + i];
    T mi = b1 * m[o.m + i] + c1 * gi;
    T vi = b2 * v[o.v + i] + c2 * (gi * gi);
    m[o.m + i] = mi;
    v[o.v + i] = vi;
    p[o.p + i] -= stepSize * mi / (sqrt(vi * invBc2) + eps);
}

// RMSProp: v = alpha v + (1 - alpha) g^2; p -= lr g / (sqrt(v) + eps)
KERNEL void rmsprop_update(GLOBAL T* p, GLOBAL const T* g, GLOBAL T* v, OptGeom o, T alpha, T c, T lr, T eps)
{
    int i = GID(0);
    if (i >= o.n) return;
    T gi = g[o.g + i];
    T vi = alpha * v[o.v + i] + c * (gi * gi);
    v[o.v + i] = vi;
    p[o.p + i] -= lr * gi / (sqrt(vi) + eps);
}
