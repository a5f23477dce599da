using System.Numerics;
using Engine.Tensors;

namespace Engine.Kernels.Cpu;

/// <summary>
/// Conv2d on the CPU as im2col + our GEMM. Images are processed in chunks whose column matrix
/// [C*kh*kw, nb*Ho*Wo] fits a bounded pooled buffer; putting several images side by side makes
/// the GEMM wide enough to keep both cores busy even when Ho*Wo is small (16 on a 7x7 input).
/// </summary>
internal static class Conv2dCpu<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Upper bound on the elements of one column matrix (4 MiB of float), so it stays in cache between im2col and the GEMM.</summary>
    private const int ColumnBudget = 1 << 20;

    /// <summary>
    /// Whether the direct kernels compute this pass: forced (where their offsets fit), refused, or
    /// the automatic choice (<see cref="Conv2dDirect{T}.Preferred"/> for forward and grad-weight,
    /// <see cref="Conv2dDirectGradInput{T}.Preferred"/> for grad-input).
    /// </summary>
    private static bool Direct(ConvDims d, bool gradInput = false) => CpuBackend.ConvAlgorithm switch
    {
        ConvAlgorithm.Direct => gradInput ? Conv2dDirectGradInput<T>.Fits(d) : Conv2dDirect<T>.Fits(d),
        ConvAlgorithm.Im2ColGemm => false,
        _ => gradInput ? Conv2dDirectGradInput<T>.Preferred(d) : Conv2dDirect<T>.Preferred(d),
    };

    /// <summary>y[n, o, :] = act(W[o, :] . col_n + bias[o]), for a chunk of images at once; the epilogue runs in the GEMM.</summary>
    public static void Forward(ConvDims d, T[] x, int xOff, T[] w, int wOff, T[] y, int yOff, GemmEpilogue<T> epilogue)
    {
        if (Direct(d))
        {
            Conv2dDirect<T>.Forward(d, x, xOff, w, wOff, y, yOff, epilogue);
            return;
        }
        var nb = ChunkImages(d);
        var col = ConvBuffers<T>.Columns(d.Ckk * nb * d.P);
        var tmp = ConvBuffers<T>.Outputs(d.O * nb * d.P);
        for (var n0 = 0; n0 < d.N; n0 += nb)
        {
            var count = Math.Min(nb, d.N - n0);
            var ld = count * d.P;
            ForImages(d, count, i => Im2Col<T>.Pack(d, x, xOff + (n0 + i) * d.C * d.H * d.W, col, i * d.P, ld));
            // tmp[O, count*P] = W[O, Ckk] col[Ckk, count*P]
            Gemm.Multiply(d.O, ld, d.Ckk, w, wOff, d.Ckk, 1, col, 0, ld, 1, tmp, 0, ld, accumulate: false, epilogue);
            ForImages(d, count, i =>
            {
                for (var o = 0; o < d.O; o++)
                    tmp.AsSpan(o * ld + i * d.P, d.P).CopyTo(y.AsSpan(yOff + ((n0 + i) * d.O + o) * d.P, d.P));
            });
        }
    }

    /// <summary>col = W^T gy (per chunk), then col2im adds every column entry back into gx, which starts at zero.</summary>
    public static void GradInput(ConvDims d, T[] gy, int gyOff, T[] w, int wOff, T[] gx, int gxOff)
    {
        if (Direct(d, gradInput: true))
        {
            Conv2dDirectGradInput<T>.Run(d, gy, gyOff, w, wOff, gx, gxOff);
            return;
        }
        var nb = ChunkImages(d);
        var col = ConvBuffers<T>.Columns(d.Ckk * nb * d.P);
        var gyt = ConvBuffers<T>.Outputs(d.O * nb * d.P);
        gx.AsSpan(gxOff, d.N * d.C * d.H * d.W).Clear();
        for (var n0 = 0; n0 < d.N; n0 += nb)
        {
            var count = Math.Min(nb, d.N - n0);
            var ld = count * d.P;
            GatherOutputs(d, gy, gyOff, n0, count, gyt);
            // col[Ckk, count*P] = W^T[Ckk, O] gy[O, count*P]; W^T is W read with swapped strides.
            Gemm.Multiply(d.Ckk, ld, d.O, w, wOff, 1, d.Ckk, gyt, 0, ld, 1, col, 0, ld, accumulate: false);
            ForImages(d, count, i => Im2Col<T>.Unpack(d, col, i * d.P, ld, gx, gxOff + (n0 + i) * d.C * d.H * d.W));
        }
    }

    /// <summary>gw[O, Ckk] = sum over chunks of gy[O, count*P] col^T[count*P, Ckk].</summary>
    public static void GradWeight(ConvDims d, T[] x, int xOff, T[] gy, int gyOff, T[] gw, int gwOff)
    {
        var nb = ChunkImages(d);
        if (Direct(d))
        {
            // The same image chunks as below: the sums are blocked as the GEMM blocks them.
            Conv2dDirect<T>.GradWeight(d, x, xOff, gy, gyOff, gw, gwOff, nb);
            return;
        }
        var col = ConvBuffers<T>.Columns(d.Ckk * nb * d.P);
        var gyt = ConvBuffers<T>.Outputs(d.O * nb * d.P);
        if (d.N == 0) gw.AsSpan(gwOff, d.O * d.Ckk).Clear();
        for (var n0 = 0; n0 < d.N; n0 += nb)
        {
            var count = Math.Min(nb, d.N - n0);
            var ld = count * d.P;
            ForImages(d, count, i => Im2Col<T>.Pack(d, x, xOff + (n0 + i) * d.C * d.H * d.W, col, i * d.P, ld));
            GatherOutputs(d, gy, gyOff, n0, count, gyt);
            // col^T is col read with swapped strides: packing walks its rows contiguously.
            Gemm.Multiply(d.O, d.Ckk, ld, gyt, 0, ld, 1, col, 0, 1, ld, gw, gwOff, d.Ckk, accumulate: n0 > 0);
        }
    }

    /// <summary>Lays gy[n0..n0+count, O, P] out as [O, count*P], the GEMM operand of both gradients.</summary>
    private static void GatherOutputs(ConvDims d, T[] gy, int gyOff, int n0, int count, T[] gyt)
    {
        var ld = count * d.P;
        ForImages(d, count, i =>
        {
            for (var o = 0; o < d.O; o++)
                gy.AsSpan(gyOff + ((n0 + i) * d.O + o) * d.P, d.P).CopyTo(gyt.AsSpan(o * ld + i * d.P, d.P));
        });
    }

    private static int ChunkImages(ConvDims d)
    {
        var perImage = Math.Max(1L, (long)Math.Max(d.Ckk, d.O) * d.P);
        return (int)Math.Clamp(ColumnBudget / perImage, 1, Math.Max(1, d.N));
    }

    /// <summary>Runs per-image copies on both cores when there is enough of them to pay for the handoff.</summary>
    private static void ForImages(ConvDims d, int count, Action<int> body)
    {
        if (count > 1 && (long)count * d.Ckk * d.P >= 1 << 16) Parallel.For(0, count, CpuThreads.Options, body);
        else for (var i = 0; i < count; i++) body(i);
    }
}
