using System.Numerics;
using Engine.Tensors;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Ilgpu;

public sealed partial class IlgpuBackend
{
    /// <inheritdoc />
    protected override void MatMulCore(NDArray a, NDArray b, NDArray c, Epilogue? epilogue)
    {
        lock (_gate)
        {
            if (c.DType == DType.Float32) MatMul<float>(a, b, c);
            else MatMul<double>(a, b, c);
        }
        EpilogueInPlace(c, epilogue, c.Rank - 1);
    }

    private void MatMul<T>(NDArray a, NDArray b, NDArray c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (GroupSide)
        {
            case 16: MatMul<T, Side16>(a, b, c); break;
            case 4: MatMul<T, Side4>(a, b, c); break;
            default: MatMul<T, Side2>(a, b, c); break;
        }
    }

    private void MatMul<T, TSide>(NDArray a, NDArray b, NDArray c) where T : unmanaged, IFloatingPointIeee754<T> where TSide : struct, IGroupSide
    {
        int m = c.Shape[^2], n = c.Shape[^1], k = a.Shape[^1];
        var batch = c.Numel / (m * n);
        var aOffsets = Geometry(BatchOffsets(a, batch));
        var bOffsets = Geometry(BatchOffsets(b, batch));
        var shape = new GemmShape(m, n, k, a.Strides[^2], a.Strides[^1], b.Strides[^2], b.Strides[^1], c.Offset);
        var t = TSide.Side;
        var config = new KernelConfig(new Index3D((n + t - 1) / t, (m + t - 1) / t, batch), new Index3D(t, t, 1));
        Kernel("gemm", typeof(T), typeof(TSide),
                acc => acc.LoadStreamKernel<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<int>, ArrayView<int>, GemmShape>(GemmKernel.Run<T, TSide>))
            (config, ViewOf<T>(a), ViewOf<T>(b), ViewOf<T>(c), aOffsets, bOffsets, shape);
    }

    /// <summary>The first element of each batch matrix of x (already expanded to c's batch shape), in c's row-major batch order.</summary>
    private static int[] BatchOffsets(NDArray x, int batch)
    {
        var batchRank = x.Rank - 2;
        var offsets = new int[batch];
        var idx = new int[batchRank];
        for (var i = 0; i < batch; i++)
        {
            var off = x.Offset;
            for (var d = 0; d < batchRank; d++) off += idx[d] * x.Strides[d];
            offsets[i] = off;
            for (var d = batchRank - 1; d >= 0; d--)
            {
                if (++idx[d] < x.Shape[d]) break;
                idx[d] = 0;
            }
        }
        return offsets;
    }
}
