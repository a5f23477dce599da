using System.Numerics;
using Engine.Tensors;

namespace Engine.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    protected override void MatMulCore(NDArray a, NDArray b, NDArray c, Epilogue? epilogue)
    {
        if (c.DType == DType.Float64) MatMul<double>(a, b, c, epilogue);
        else MatMul<float>(a, b, c, epilogue);
    }

    private static unsafe void MatMul<T>(NDArray a, NDArray b, NDArray c, Epilogue? epilogue) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Shapes checked by Backend.MatMul; a and b come expanded to c's batch shape.
        int m = c.Shape[^2], n = c.Shape[^1], k = a.Shape[^1];
        var batchRank = c.Rank - 2;
        var batch = 1;
        for (var d = 0; d < batchRank; d++) batch *= c.Shape[d];
        if (batch == 0 || m == 0 || n == 0) return;
        var aOffsets = BatchOffsets(a, c, batchRank, batch);
        var bOffsets = BatchOffsets(b, c, batchRank, batch);
        var cOffsets = new int[batch];
        for (var i = 0; i < batch; i++) cOffsets[i] = c.Offset + i * m * n;
        var bias = epilogue?.Bias;
        fixed (T* pBias = bias is null ? null : DataOf<T>(bias))
            Gemm.MultiplyBatched(batch, m, n, k, DataOf<T>(a), aOffsets, a.Strides[^2], a.Strides[^1],
                DataOf<T>(b), bOffsets, b.Strides[^2], b.Strides[^1], DataOf<T>(c), cOffsets, n, accumulate: false,
                new GemmEpilogue<T>(null, bias is null ? null : pBias + bias.Offset, epilogue?.Activation));
    }

    /// <summary>
    /// Offset of each batch matrix of <paramref name="x"/>, walking c's batch index in row-major
    /// order; missing leading dimensions of x (and stride-0 ones) repeat the same matrix.
    /// </summary>
    private static int[] BatchOffsets(NDArray x, NDArray c, int batchRank, int batch)
    {
        var lead = batchRank - (x.Rank - 2);
        if (lead < 0)
            throw new ShapeMismatchException($"matmul: operand {x.ShapeString} has more batch dimensions than the result {c.ShapeString}");
        var offsets = new int[batch];
        var idx = new int[batchRank];
        for (var i = 0; i < batch; i++)
        {
            var off = x.Offset;
            for (var d = lead; d < batchRank; d++)
            {
                var size = x.Shape[d - lead];
                if (size != 1 && size != c.Shape[d])
                    throw new ShapeMismatchException($"matmul: batch dimensions of {x.ShapeString} are not broadcast to {c.ShapeString}");
                if (size != 1) off += idx[d] * x.Strides[d - lead];
            }
            offsets[i] = off;
            for (var d = batchRank - 1; d >= 0; d--)
            {
                if (++idx[d] < c.Shape[d]) break;
                idx[d] = 0;
            }
        }
        return offsets;
    }
}
