// Batched GEMM family: c[b] = a[b] @ b[b] with any element strides for a and b (transposed views
// read directly) and c contiguous. 64x64 output tiles per work-group of 16x16 work-items, each
// work-item accumulating a 4x4 block from 16-deep k-slices staged in local memory.
#define MAXB 6
typedef struct { int M; int N; int K; int aRow; int aCol; int bRow; int bCol; int aOffset; int bOffset; int cOffset;
                 int batchRank; int batchShape[MAXB]; int aBatch[MAXB]; int bBatch[MAXB]; } GemmGeom;

#define TM 64
#define TN 64
#define TK 16

KERNEL void gemm(GLOBAL const T* a, GLOBAL const T* b, GLOBAL T* c, GemmGeom g)
{
    LOCAL T as[TK][TM];
    LOCAL T bs[TK][TN];
    int tx = LID(0), ty = LID(1), tid = ty * 16 + tx;
    int n0 = GROUP(0) * TN, m0 = GROUP(1) * TM, batch = GROUP(2);
    int ao = g.aOffset, bo = g.bOffset;
    for (int d = g.batchRank - 1, r = batch; d >= 0; d--)
    {
        int i = r % g.batchShape[d];
        r /= g.batchShape[d];
        ao += i * g.aBatch[d];
        bo += i * g.bBatch[d];
    }
    T acc[4][4];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) acc[i][j] = (T)0;
    for (int k0 = 0; k0 < g.K; k0 += TK)
    {
        for (int l = 0; l < 4; l++)
        {
            int e = tid + l * 256;
            int mm = e / TK, kk = e % TK, m = m0 + mm, k = k0 + kk;
            as[kk][mm] = (m < g.M && k < g.K) ? a[ao + m * g.aRow + k * g.aCol] : (T)0;
            int kb = e / TN, nn = e % TN, n = n0 + nn, k2 = k0 + kb;
            bs[kb][nn] = (n < g.N && k2 < g.K) ? b[bo + k2 * g.bRow + n * g.bCol] : (T)0;
        }
        BARRIER();
        for (int kk = 0; kk < TK; kk++)
        {
            T av[4], bv[4];
            for (int i = 0; i < 4; i++) av[i] = as[kk][ty + 16 * i];
            for (int j = 0; j < 4; j++) bv[j] = bs[kk][tx + 16 * j];
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++) acc[i][j] += av[i] * bv[j];
        }
        BARRIER();
    }
    int co = g.cOffset + batch * g.M * g.N;
    for (int i = 0; i < 4; i++)
    {
        int m = m0 + ty + 16 * i;
        if (m >= g.M) continue;
        for (int j = 0; j < 4; j++)
        {
            int n = n0 + tx + 16 * j;
            if (n < g.N) c[co + m * g.N + n] = acc[i][j];
        }
    }
}
