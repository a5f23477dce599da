using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Engine.Kernels.Cpu;

/// <summary>
/// Per-thread packing buffers, allocated once per thread on the pinned object heap (so raw
/// pointers stay valid without fixed) and aligned to 64 bytes for the vector loads.
/// </summary>
internal static unsafe class GemmBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [ThreadStatic] private static T[]? _a;
    [ThreadStatic] private static T[]? _b;

    /// <summary>This thread's buffer for a packed MC x KC block of A.</summary>
    public static T* A => Aligned(ref _a, GemmConfig<T>.MC * GemmConfig<T>.KC);

    /// <summary>This thread's buffer for a packed KC x NC block of B.</summary>
    public static T* B => Aligned(ref _b, GemmConfig<T>.KC * GemmConfig<T>.NC);

    [ThreadStatic] private static T[]? _dense;

    /// <summary>
    /// This thread's buffer of at least <paramref name="length"/> elements for the skinny path's dense
    /// copy of its short operand, grown as needed and kept: a fresh pinned array per call would pile
    /// up on the pinned-object heap, which only a full collection frees.
    /// </summary>
    public static T* Dense(int length)
    {
        if (_dense is not null && _dense.Length < length + 64 / sizeof(T)) _dense = null;
        return Aligned(ref _dense, Math.Max(length, 1024));
    }

    private static T* Aligned(ref T[]? array, int length)
    {
        var pad = 64 / sizeof(T);
        array ??= GC.AllocateUninitializedArray<T>(length + pad, pinned: true);
        var p = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return (T*)((p + 63) & ~(nint)63);
    }
}
