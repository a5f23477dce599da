using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Matrix product a @ b of a [..., M, K] and b [..., K, N] (rank &gt;= 2), batch dimensions
    /// broadcast. Transposed views cost nothing: the GEMM reads strides.
    /// </summary>
    public static Tensor MatMul(this Tensor a, Tensor b)
    {
        Elementwise.CheckCompatible("matmul", a, b);
        if (a.Rank < 2 || b.Rank < 2)
            throw new ShapeMismatchException($"matmul: both operands need rank >= 2, got {a.ShapeString} and {b.ShapeString} (reshape vectors to [1, n] or [n, 1])");
        int m = a.Shape[^2], k = a.Shape[^1], k2 = b.Shape[^2], n = b.Shape[^1];
        if (k != k2)
            throw new ShapeMismatchException($"matmul: inner dimensions differ: {a.ShapeString} @ {b.ShapeString} ({k} vs {k2})");
        var batch = Shape.Broadcast("matmul (batch dimensions)", a.Shape[..^2], b.Shape[..^2]);
        var c = NDArray.Empty(a.Backend, a.DType, [.. batch, m, n]);
        if (c.Numel > 0)
        {
            if (k == 0) a.Backend.Fill(c, 0.0);
            else a.Backend.MatMul(a.Data.Expand([.. batch, m, k]), b.Data.Expand([.. batch, k, n]), c);
        }
        // d/da (a b) = g b^T, d/db (a b) = a^T g (the engine sums broadcast batch dimensions)
        return Tensor.Record("matmul", c, [a, b],
            r => [r.Needs(0) ? r.Grad.MatMul(r.Input(1).Transpose()) : null, r.Needs(1) ? r.Input(0).Transpose().MatMul(r.Grad) : null], Uses.Input0 | Uses.Input1);
    }
}
