using Engine.Tensors;

namespace Engine.Kernels.Gpu;

/// <summary>
/// A block of device memory owned by a <see cref="GpuBackend"/>. The allocation returns to the
/// backend's pool when the buffer is finalized (see <see cref="DeviceMemory"/>).
/// </summary>
public sealed class GpuBuffer : IDeviceBuffer
{
    private readonly DeviceMemory? _memory;
    private readonly long _bytes;

    internal GpuBuffer(GpuBackend backend, DeviceMemory memory, DType dtype, int length)
    {
        Backend = backend;
        DType = dtype;
        Length = length;
        if (length == 0) return;  // nothing to hold: kernels over zero elements are never launched
        (Handle, _bytes) = memory.Rent((long)length * dtype.SizeOf());
        _memory = memory;
    }

    /// <summary>Returns the allocation to the pool.</summary>
    ~GpuBuffer() => _memory?.Return(Handle, _bytes);

    /// <inheritdoc />
    public IBackend Backend { get; }

    /// <inheritdoc />
    public DType DType { get; }

    /// <inheritdoc />
    public int Length { get; }

    /// <summary>The runtime's handle (a cl_mem or a CUdeviceptr); 0 for an empty buffer.</summary>
    internal ulong Handle { get; }
}
