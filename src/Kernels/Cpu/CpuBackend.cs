using Engine.Tensors;

namespace Engine.Kernels.Cpu;

/// <summary>
/// The CPU backend: SIMD kernels (TensorPrimitives and our own Vector512/Vector256 loops) and
/// both cores for large work. Split by concern into partial files (elementwise, reductions,
/// GEMM, conv, layer norm, memory).
/// </summary>
public sealed partial class CpuBackend : Backend, IPooledMemory
{
    /// <summary>The process-wide CPU backend.</summary>
    public static CpuBackend Instance { get; } = new();

    private CpuBackend() { }

    /// <inheritdoc />
    public override string Name => "cpu";

    /// <inheritdoc />
    public override void Synchronize() { }

    /// <summary>
    /// The host array behind a CPU buffer, checking that it holds <typeparamref name="T"/> and is
    /// live (the public methods check liveness first, naming their op; this is the last line).
    /// </summary>
    internal static T[] DataOf<T>(NDArray a) where T : unmanaged
    {
        if (a.Buffer is not CpuBuffer<T> b)
            throw new ArgumentException($"cpu: expected a {DTypeInfo.Of<T>().Name()} buffer of the CPU backend, got {a.DType.Name()} on {a.Backend.Name}");
        a.ThrowIfReleased("cpu");
        return b.Data;
    }
}
