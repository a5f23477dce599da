using Engine.Tensors;

namespace Engine.Kernels.Gpu;

public sealed partial class GpuBackend
{
    private const int GemmTile = 64, GemmMaxBatchRank = 6;

    /// <inheritdoc />
    protected override void MatMulCore(NDArray a, NDArray b, NDArray c, Epilogue? epilogue)
    {
        int m = c.Shape[^2], n = c.Shape[^1], k = a.Shape[^1];
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
        EpilogueInPlace(c, epilogue, c.Rank - 1);
    }
}
