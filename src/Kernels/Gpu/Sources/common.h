// Shared by every kernel family; compiled after the prelude with T (float or double) defined.
// Geometry structs hold ints only, so host and device agree on their layout.
#define MAXR 8

// Strided n-d iteration for up to 4 operands: element i of a shape maps to one offset per operand.
typedef struct { int rank; int shape[MAXR]; int stride[4][MAXR]; int offset[4]; } EwGeom;

// Offset of element i (row-major over shape) in operand k.
INLINE int ew_offset(PRIVATE const EwGeom* g, int i, int k)
{
    int o = g->offset[k];
    for (int d = g->rank - 1; d >= 0; d--)
    {
        int s = g->shape[d];
        o += (i % s) * g->stride[k][d];
        i /= s;
    }
    return o;
}

// max that propagates NaN from either side, as the CPU backend's T.Max does.
INLINE T max_nan(T a, T b) { return (a != a || a > b) ? a : b; }
INLINE T min_nan(T a, T b) { return (a != a || a < b) ? a : b; }
