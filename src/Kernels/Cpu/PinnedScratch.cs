using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Engine.Kernels.Cpu;

/// <summary>
/// Scratch arrays on the pinned object heap, so raw pointers into them stay valid without fixed
/// and can be handed to worker threads, aligned to 64 bytes for the vector loads. A buffer grows
/// when a larger one is asked for and is kept otherwise: a fresh multi-MiB array per call would pile
/// up on the pinned heap, which only a full collection frees.
/// </summary>
internal static unsafe class PinnedScratch
{
    /// <summary>A 64-byte aligned pointer to at least <paramref name="length"/> elements of <paramref name="array"/>, (re)allocated if it is too small.</summary>
    public static T* Aligned<T>(ref T[]? array, long length) where T : unmanaged
    {
        var pad = 64 / sizeof(T);
        if (length + pad > Array.MaxLength) throw new OutOfMemoryException($"cpu: a scratch buffer of {length} elements is too large");
        if (array is null || array.Length < length + pad) array = GC.AllocateUninitializedArray<T>((int)length + pad, pinned: true);
        var p = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return (T*)((p + 63) & ~(nint)63);
    }
}
