using Engine.Tensors;

namespace Engine.Kernels.Gpu;

/// <summary>
/// A block of device memory owned by a <see cref="GpuBackend"/>. The allocation returns to the
/// backend's pool (see <see cref="DeviceMemory"/>) when its scope ends, on Dispose, or, for a
/// buffer that escaped every scope, when it is finalized.
/// </summary>
public sealed class GpuBuffer : ScopedBuffer
{
    private readonly DeviceMemory? _memory;
    private readonly long _bytes;
    private readonly ulong _handle;

    internal GpuBuffer(GpuBackend backend, DeviceMemory memory, DType dtype, int length) : base(tracked: true)
    {
        Backend = backend;
        DType = dtype;
        Length = length;
        if (length == 0) return;  // nothing to hold: kernels over zero elements are never launched
        (_handle, _bytes) = memory.Rent((long)length * dtype.SizeOf());
        _memory = memory;
    }

    /// <inheritdoc />
    public override IBackend Backend { get; }

    /// <inheritdoc />
    public override DType DType { get; }

    /// <inheritdoc />
    public override int Length { get; }

    /// <summary>The runtime's handle (a cl_mem or a CUdeviceptr); 0 for an empty buffer. Throws once released.</summary>
    internal ulong Handle => IsReleased
        ? throw new BufferReleasedException($"{Backend.Name}: a {DType.Name()} buffer of {Length} elements was used after {BufferScope.Describe(Release)}")
        : _handle;

    /// <inheritdoc />
    protected override void ReturnToPool() => _memory?.Return(_handle, _bytes);

    // DeviceMemory.Return only takes a lock and pushes onto a stack: safe on the finalizer thread.
    /// <inheritdoc />
    protected override void ReturnFromFinalizer() => _memory?.Return(_handle, _bytes);
}
