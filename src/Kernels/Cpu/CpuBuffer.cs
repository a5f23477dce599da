using Engine.Tensors;

namespace Engine.Kernels.Cpu;

/// <summary>
/// A host array owned by the CPU backend: a block of its size-class pool (possibly longer than
/// <see cref="Length"/>), or a caller's array wrapped without copying (never pooled).
/// </summary>
public sealed class CpuBuffer<T> : PooledBuffer<T[]> where T : unmanaged
{
    /// <summary>Wraps <paramref name="data"/> (not copied, not pooled, not scoped): the buffer is the array.</summary>
    public CpuBuffer(T[] data) : base(data) => Length = data.Length;

    internal CpuBuffer(BlockPool<T[]> pool, int length) : base(pool, (long)length * DTypeInfo.Of<T>().SizeOf()) => Length = length;

    /// <summary>The elements (the first <see cref="Length"/> are the buffer's); throws once the buffer was released.</summary>
    public T[] Data => Block;

    /// <inheritdoc />
    public override IBackend Backend => CpuBackend.Instance;

    /// <inheritdoc />
    public override DType DType => DTypeInfo.Of<T>();

    /// <inheritdoc />
    public override int Length { get; }
}
