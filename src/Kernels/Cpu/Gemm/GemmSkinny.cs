using System.Numerics;

namespace Engine.Kernels.Cpu;

/// <summary>
/// Products with at most <see cref="MaxSide"/> rows or columns (the toy critic's 512 -> 1 output
/// layer, its 2-wide input layer's weight gradient, a row vector times a matrix). The packed GEMM
/// would pad them to whole 8 x 48 register tiles and waste almost all of its FMAs; here each
/// output is a dot product over k, vectorised along whichever of k or the long side is contiguous.
/// Every output element is summed in an order fixed by the shapes and strides alone, so results do
/// not depend on the thread count.
/// </summary>
internal static unsafe class GemmSkinny<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The short side at or below which this path runs.</summary>
    public const int MaxSide = 4;

    /// <summary>Whether C[m x n] has a side short enough for this path.</summary>
    public static bool Applies(int m, int n) => n <= MaxSide || m <= MaxSide;

    /// <summary>C (+)= A B as dot products, then the epilogue over all of C.</summary>
    public static void Run(int m, int n, int k, T* a, int aRs, int aCs, T* b, int bRs, int bCs, T* c, int ldc, bool accumulate,
        bool parallel, in GemmEpilogue<T> epilogue)
    {
        // out[r, s] = sum_k X[r, k] Y[s, k] over the long side r and the short side s.
        var operands = n <= MaxSide
            ? new Operands(m, n, k, a, aRs, aCs, b, bCs, bRs, c, ldc, 1)
            : new Operands(n, m, k, b, bCs, bRs, a, aRs, aCs, c, 1, ldc);
        if (operands.NeedsDenseY)
        {
            // The short operand (at most 4 x k) strided along k: copy it dense once, so the long one
            // is read by vector dot products instead of the scalar loop.
            var y = GemmBuffers<T>.Dense(operands.S * k);
            operands.CopyYTo(y);
            Finish(operands.WithDenseY(y), accumulate, parallel, c, ldc, m, n, epilogue);
            return;
        }
        Finish(operands, accumulate, parallel, c, ldc, m, n, epilogue);
    }

    private static void Finish(Operands operands, bool accumulate, bool parallel, T* c, int ldc, int m, int n, in GemmEpilogue<T> epilogue)
    {
        var threads = parallel ? Math.Min(CpuThreads.Count, Math.Max(1, operands.R / 64)) : 1;
        if (threads <= 1) operands.Rows(0, operands.R, accumulate);
        else
            Parallel.For(0, threads, CpuThreads.Options, t =>
                operands.Rows((int)((long)operands.R * t / threads), (int)((long)operands.R * (t + 1) / threads), accumulate));
        if (!epilogue.IsNone) epilogue.Apply(c, ldc, m, n);
    }

    private static Vector<T> Fma(Vector<T> a, Vector<T> b, Vector<T> c) =>
        typeof(T) == typeof(float)
            ? Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>()
            : Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();

    /// <summary>X [R x K] and Y [S x K] at any strides, and where out[r, s] lives.</summary>
    private readonly struct Operands(int r, int s, int k, T* x, int xRs, int xKs, T* y, int yRs, int yKs, T* o, int oRs, int oSs)
    {
        public int R => r;

        public int S => s;

        /// <summary>X is dense along k but Y is not: a dense copy of Y opens the dot-product path.</summary>
        public bool NeedsDenseY => xKs == 1 && yKs != 1;

        /// <summary>Writes Y [S x K] row-major into <paramref name="dst"/>.</summary>
        public void CopyYTo(T* dst)
        {
            for (var j = 0; j < s; j++)
                for (var p = 0; p < k; p++) dst[(long)j * k + p] = y[(long)j * yRs + (long)p * yKs];
        }

        /// <summary>These operands with Y replaced by a dense [S x K] copy.</summary>
        public Operands WithDenseY(T* dense) => new(r, s, k, x, xRs, xKs, dense, k, 1, o, oRs, oSs);

        /// <summary>Computes rows [lo, hi) of the output.</summary>
        public void Rows(int lo, int hi, bool accumulate)
        {
            if (xKs == 1 && yKs == 1) DotsAlongK(lo, hi, accumulate);
            else if (xRs == 1) AxpyAlongR(lo, hi, accumulate);
            else Scalar(lo, hi, accumulate);
        }

        /// <summary>X rows and Y rows contiguous in k: one vector dot product per output.</summary>
        private void DotsAlongK(int lo, int hi, bool accumulate)
        {
            var w = Vector<T>.Count;
            for (var i = lo; i < hi; i++)
            {
                T* xr = x + (long)i * xRs;
                for (var j = 0; j < s; j++)
                {
                    T* yr = y + (long)j * yRs;
                    var acc = Vector<T>.Zero;
                    var p = 0;
                    for (; p + w <= k; p += w)
                        acc = Fma(*(Vector<T>*)(xr + p), *(Vector<T>*)(yr + p), acc);
                    var sum = Vector.Sum(acc);
                    for (; p < k; p++) sum = T.FusedMultiplyAdd(xr[p], yr[p], sum);
                    Store(i, j, sum, accumulate);
                }
            }
        }

        /// <summary>X contiguous along r (a transposed operand): vectors of consecutive rows times one Y value per k.</summary>
        private void AxpyAlongR(int lo, int hi, bool accumulate)
        {
            var w = Vector<T>.Count;
            var i = lo;
            for (; i + w <= hi; i += w)
                for (var j = 0; j < s; j++)
                {
                    T* yr = y + (long)j * yRs;
                    var acc = Vector<T>.Zero;
                    for (var p = 0; p < k; p++)
                        acc = Fma(*(Vector<T>*)(x + i + (long)p * xKs), new Vector<T>(yr[(long)p * yKs]), acc);
                    for (var lane = 0; lane < w; lane++) Store(i + lane, j, acc[lane], accumulate);
                }
            Scalar(i, hi, accumulate);
        }

        private void Scalar(int lo, int hi, bool accumulate)
        {
            for (var i = lo; i < hi; i++)
                for (var j = 0; j < s; j++)
                {
                    var sum = T.Zero;
                    for (var p = 0; p < k; p++) sum = T.FusedMultiplyAdd(x[(long)i * xRs + (long)p * xKs], y[(long)j * yRs + (long)p * yKs], sum);
                    Store(i, j, sum, accumulate);
                }
        }

        private void Store(int i, int j, T value, bool accumulate)
        {
            T* dst = o + (long)i * oRs + (long)j * oSs;
            *dst = accumulate ? *dst + value : value;
        }
    }
}
