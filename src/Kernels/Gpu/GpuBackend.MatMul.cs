using Engine.Tensors;

namespace Engine.Kernels.Gpu;

public sealed partial class GpuBackend
{
    private const int GemmTile = 64, GemmMaxBatchRank = 6;

    /// <inheritdoc />
    public void MatMul(NDArray a, NDArray b, NDArray c, Epilogue? epilogue = null)
    {
        epilogue?.Check($"{Name} matmul", c, c.Rank < 1 ? 0 : c.Shape[^1]);
        if (a.Rank < 2 || b.Rank < 2 || c.Rank != a.Rank || c.Rank != b.Rank)
            throw new ShapeMismatchException($"{Name} matmul: a {a.ShapeString}, b {b.ShapeString}, c {c.ShapeString} must be [..., M, K] @ [..., K, N] -> [..., M, N] of one rank");
        int m = c.Shape[^2], n = c.Shape[^1], k = a.Shape[^1];
        if (a.Shape[^2] != m || b.Shape[^2] != k || b.Shape[^1] != n)
            throw new ShapeMismatchException($"{Name} matmul: a {a.ShapeString} @ b {b.ShapeString} does not give c {c.ShapeString}");
        if (!c.IsContiguous) throw new ArgumentException($"{Name} matmul: output {c.ShapeString} must be contiguous");
        if (a.DType != c.DType || b.DType != c.DType)
            throw new DTypeMismatchException($"{Name} matmul: a {a.DType.Name()}, b {b.DType.Name()}, c {c.DType.Name()} differ");
        if (c.Numel == 0) return;
        var batchRank = c.Rank - 2;
        var (batchShape, batchStrides) = Geometry.Coalesce(c.Shape[..batchRank], a.Strides[..batchRank], b.Strides[..batchRank]);
        if (batchShape.Length > GemmMaxBatchRank)
            throw new NotSupportedException($"{Name} matmul: {batchShape.Length} batch dimensions after merging; the kernel takes at most {GemmMaxBatchRank}");
        var batches = c.Numel / (m * n);
        var g = new int[11 + 3 * GemmMaxBatchRank];
        int[] head = [m, n, k, a.Strides[^2], a.Strides[^1], b.Strides[^2], b.Strides[^1], a.Offset, b.Offset, c.Offset, batchShape.Length];
        head.CopyTo(g, 0);
        batchShape.CopyTo(g, 11);
        batchStrides[0].CopyTo(g, 11 + GemmMaxBatchRank);
        batchStrides[1].CopyTo(g, 11 + 2 * GemmMaxBatchRank);
        var args = new KernelArgs().Buffer(HandleOf(a, "matmul")).Buffer(HandleOf(b, "matmul")).Buffer(HandleOf(c, "matmul")).Struct(g);
        Launch(KernelFamily.Gemm, c.DType, "gemm", ((n + GemmTile - 1) / GemmTile, (m + GemmTile - 1) / GemmTile, batches), (16, 16, 1), args);
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        GC.KeepAlive(c);
        ApplyEpilogue(c, epilogue, c.Rank - 1);
    }
}
