using System.Runtime.CompilerServices;
using Engine.Tensors;

namespace Engine.Kernels.Cpu;

/// <summary>The CPU's raw memory for <see cref="BlockPool{TBlock}"/>: uninitialized managed arrays of one element type.</summary>
internal sealed class CpuArrays<T> : IRawMemory<T[]> where T : unmanaged
{
    public string Name => $"cpu {DTypeInfo.Of<T>().Name()}";

    // Contents are unspecified by contract, so skip zeroing: every op writes its whole output.
    public T[]? TryAllocate(long bytes)
    {
        var length = Math.Min(bytes / Unsafe.SizeOf<T>(), Array.MaxLength);
        try { return GC.AllocateUninitializedArray<T>((int)length); }
        catch (OutOfMemoryException) { return null; }
    }

    // The garbage collector owns managed arrays: dropping the last reference frees it.
    public void Free(T[] block) { }
}
