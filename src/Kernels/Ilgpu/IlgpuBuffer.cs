using Engine.Tensors;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Ilgpu;

/// <summary>
/// Device memory of an <see cref="IlgpuBackend"/>: a block of its size-class pool, returned when
/// its scope ends or it is disposed; one that escapes every scope is queued back by its finalizer
/// (never freed there).
/// </summary>
public sealed class IlgpuBuffer : PooledBuffer<MemoryBuffer1D<byte, Stride1D.Dense>>
{
    internal IlgpuBuffer(IlgpuBackend backend, BlockPool<MemoryBuffer1D<byte, Stride1D.Dense>> pool, DType dtype, int length)
        : base(pool, Math.Max(1L, (long)length * dtype.SizeOf()))
    {
        Backend = backend;
        DType = dtype;
        Length = length;
    }

    /// <inheritdoc />
    public override IBackend Backend { get; }

    /// <inheritdoc />
    public override DType DType { get; }

    /// <inheritdoc />
    public override int Length { get; }

    /// <summary>The elements as a kernel argument (the block may be longer than <see cref="Length"/>); throws once released.</summary>
    internal ArrayView<T> View<T>() where T : unmanaged => Block.View.AsContiguous().Cast<T>();
}
