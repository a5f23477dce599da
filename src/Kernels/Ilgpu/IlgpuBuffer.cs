using Engine.Tensors;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Ilgpu;

/// <summary>
/// Device memory of an <see cref="IlgpuBackend"/>: a block of its <see cref="DevicePool"/>, returned
/// at <see cref="Dispose"/> or, as a safety net, queued for return when the buffer is finalized.
/// </summary>
public sealed class IlgpuBuffer : IDeviceBuffer, IDisposable
{
    private readonly DevicePool _pool;
    private readonly int _sizeClass;
    private MemoryBuffer? _block;

    internal IlgpuBuffer(IlgpuBackend backend, DevicePool pool, DType dtype, int length)
    {
        Backend = backend;
        DType = dtype;
        Length = length;
        _pool = pool;
        (_block, _sizeClass) = pool.Rent(dtype, length);
    }

    /// <inheritdoc />
    public IBackend Backend { get; }

    /// <inheritdoc />
    public DType DType { get; }

    /// <inheritdoc />
    public int Length { get; }

    /// <summary>The elements as a kernel argument (the block may be longer than <see cref="Length"/>).</summary>
    internal ArrayView<T> View<T>() where T : unmanaged =>
        _block is MemoryBuffer1D<T, Stride1D.Dense> b ? b.View
        : throw new ObjectDisposedException(nameof(IlgpuBuffer), $"{Backend.Name}: a {DType.Name()} buffer of {Length} elements was used after it was disposed");

    /// <summary>Returns the device memory to the pool now.</summary>
    public void Dispose()
    {
        var block = Interlocked.Exchange(ref _block, null);
        if (block is null) return;
        _pool.Return(DType, _sizeClass, block);
        GC.SuppressFinalize(this);
    }

    /// <summary>The safety net: never a device call here, only a queued return.</summary>
    ~IlgpuBuffer()
    {
        var block = Interlocked.Exchange(ref _block, null);
        if (block is not null) _pool.ReturnLater(DType, _sizeClass, block);
    }
}
