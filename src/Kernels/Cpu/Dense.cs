using System.Buffers;
using Engine.Tensors;

namespace Engine.Kernels.Cpu;

/// <summary>
/// An operand as a dense row-major block: the array itself when it already is one, else a pooled
/// gathered copy returned on dispose. <see cref="Borrow"/> takes the buffer as is (strided use).
/// </summary>
internal readonly struct Dense<T> : IDisposable where T : unmanaged
{
    private Dense(T[] array, int offset, bool gathered)
    {
        Array = array;
        Offset = offset;
        Gathered = gathered;
    }

    public T[] Array { get; }
    public int Offset { get; }
    public bool Gathered { get; }

    public static Dense<T> Of(NDArray a)
    {
        if (a.IsContiguous) return new Dense<T>(CpuBackend.DataOf<T>(a), a.Offset, false);
        var copy = ArrayPool<T>.Shared.Rent(a.Numel);
        CpuBackend.GatherInto(a, copy.AsSpan(0, a.Numel));
        return new Dense<T>(copy, 0, true);
    }

    public static Dense<T> Borrow(NDArray a) => new(CpuBackend.DataOf<T>(a), a.Offset, false);

    public void Dispose()
    {
        if (Gathered) ArrayPool<T>.Shared.Return(Array);
    }
}
