using Engine.Tensors;

namespace Engine.Kernels.Cpu;

/// <summary>Walks the element offsets of a strided view in row-major order (the slow, general path).</summary>
internal static class StridedIndex
{
    /// <summary>Buffer offsets of every element of <paramref name="a"/>, in row-major order.</summary>
    public static void Offsets(NDArray a, Span<int> offsets)
    {
        var rank = a.Rank;
        if (rank == 0) { offsets[0] = a.Offset; return; }
        Span<int> idx = stackalloc int[rank];
        var offset = a.Offset;
        var inner = a.Shape[rank - 1];
        var innerStride = a.Strides[rank - 1];
        for (var n = 0; n < offsets.Length; n += inner)
        {
            for (var j = 0; j < inner; j++) offsets[n + j] = offset + j * innerStride;
            // advance the outer index like an odometer
            for (var d = rank - 2; d >= 0; d--)
            {
                idx[d]++;
                offset += a.Strides[d];
                if (idx[d] < a.Shape[d]) break;
                offset -= idx[d] * a.Strides[d];
                idx[d] = 0;
            }
        }
    }
}
