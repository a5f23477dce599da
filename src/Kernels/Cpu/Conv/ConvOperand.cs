using System.Buffers;
using System.Numerics;
using Engine.Tensors;

namespace Engine.Kernels.Cpu;

/// <summary>
/// A dense row-major view of an input: the array itself when it is contiguous, otherwise a copy
/// gathered into a pooled array (returned on dispose), so the conv loops index plainly.
/// </summary>
internal readonly struct ConvOperand<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly bool _rented;

    public ConvOperand(NDArray a)
    {
        if (a.IsContiguous)
        {
            Data = CpuBackend.DataOf<T>(a);
            Offset = a.Offset;
            return;
        }
        var src = CpuBackend.DataOf<T>(a);
        Data = ArrayPool<T>.Shared.Rent(a.Numel);
        Offset = 0;
        _rented = true;
        Gather(a, src, Data);
    }

    /// <summary>The elements, row-major from <see cref="Offset"/>.</summary>
    public T[] Data { get; }

    /// <summary>Index of the first element in <see cref="Data"/>.</summary>
    public int Offset { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_rented) ArrayPool<T>.Shared.Return(Data);
    }

    /// <summary>Copies a strided view in row-major order, innermost dimension as a tight loop.</summary>
    private static void Gather(NDArray a, T[] src, T[] dst)
    {
        if (a.Numel == 0) return;
        var rank = a.Rank;
        int inner = a.Shape[rank - 1], innerStride = a.Strides[rank - 1];
        var idx = new int[rank];
        for (var flat = 0; flat < a.Numel; flat += inner)
        {
            var off = a.Offset;
            for (var d = 0; d < rank - 1; d++) off += idx[d] * a.Strides[d];
            for (var j = 0; j < inner; j++) dst[flat + j] = src[off + j * innerStride];
            for (var d = rank - 2; d >= 0; d--)
            {
                if (++idx[d] < a.Shape[d]) break;
                idx[d] = 0;
            }
        }
    }
}
