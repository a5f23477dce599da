// Elementwise family: unary, binary, ternary, copy and fill over strided views. The op switch
// functions unary_op / binary_op / ternary_op are generated on the host from each op's C expression.

KERNEL void ew_unary(GLOBAL const T* x, GLOBAL T* y, EwGeom g, int n, int op, T alpha, T beta)
{
    int i = GID(0);
    if (i >= n) return;
    y[ew_offset(&g, i, 0)] = unary_op(op, x[ew_offset(&g, i, 1)], alpha, beta);
}

KERNEL void ew_binary(GLOBAL const T* a, GLOBAL const T* b, GLOBAL T* y, EwGeom g, int n, int op)
{
    int i = GID(0);
    if (i >= n) return;
    y[ew_offset(&g, i, 0)] = binary_op(op, a[ew_offset(&g, i, 1)], b[ew_offset(&g, i, 2)]);
}

KERNEL void ew_ternary(GLOBAL const T* c, GLOBAL const T* a, GLOBAL const T* b, GLOBAL T* y, EwGeom g, int n, int op)
{
    int i = GID(0);
    if (i >= n) return;
    y[ew_offset(&g, i, 0)] = ternary_op(op, c[ew_offset(&g, i, 1)], a[ew_offset(&g, i, 2)], b[ew_offset(&g, i, 3)]);
}

KERNEL void ew_copy(GLOBAL const T* x, GLOBAL T* y, EwGeom g, int n)
{
    int i = GID(0);
    if (i >= n) return;
    y[ew_offset(&g, i, 0)] = x[ew_offset(&g, i, 1)];
}

KERNEL void ew_fill(GLOBAL T* y, EwGeom g, int n, T value)
{
    int i = GID(0);
    if (i >= n) return;
    y[ew_offset(&g, i, 0)] = value;
}
