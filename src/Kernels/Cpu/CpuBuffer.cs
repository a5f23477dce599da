using Engine.Tensors;

namespace Engine.Kernels.Cpu;

/// <summary>A host array owned by the CPU backend.</summary>
public sealed class CpuBuffer<T>(T[] data) : IDeviceBuffer where T : unmanaged
{
    /// <summary>The elements.</summary>
    public T[] Data { get; } = data;

    /// <inheritdoc />
    public IBackend Backend => CpuBackend.Instance;

    /// <inheritdoc />
    public DType DType { get; } = DTypeInfo.Of<T>();

    /// <inheritdoc />
    public int Length => Data.Length;
}
