using System.Numerics;

namespace Engine.Kernels.Cpu;

/// <summary>
/// Per-thread packing buffers (<see cref="PinnedScratch"/>: pinned, 64-byte aligned, kept).
/// </summary>
internal static unsafe class GemmBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [ThreadStatic] private static T[]? _a;
    [ThreadStatic] private static T[]? _b;

    /// <summary>This thread's buffer for a packed MC x KC block of A.</summary>
    public static T* A => PinnedScratch.Aligned(ref _a, GemmConfig<T>.MC * GemmConfig<T>.KC);

    /// <summary>This thread's buffer for a packed KC x NC block of B.</summary>
    public static T* B => PinnedScratch.Aligned(ref _b, GemmConfig<T>.KC * GemmConfig<T>.NC);

    [ThreadStatic] private static T[]? _dense;

    /// <summary>
    /// This thread's buffer of at least <paramref name="length"/> elements for the skinny path's dense
    /// copy of its short operand, grown as needed and kept: a fresh pinned array per call would pile
    /// up on the pinned-object heap, which only a full collection frees.
    /// </summary>
    public static T* Dense(int length) => PinnedScratch.Aligned(ref _dense, Math.Max(length, 1024));
}
