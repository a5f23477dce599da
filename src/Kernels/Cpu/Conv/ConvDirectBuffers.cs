using System.Numerics;

namespace Engine.Kernels.Cpu;

/// <summary>
/// The calling thread's buffers of the direct conv (padded input, packed panels, the transposed
/// output tile), pinned so worker threads can use raw pointers, 64-byte aligned, grown on demand
/// and kept (see <see cref="ConvBuffers{T}"/> for why kept rather than rented).
/// </summary>
internal static unsafe class ConvDirectBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [ThreadStatic] private static T[]? _input;
    [ThreadStatic] private static T[]? _panels;
    [ThreadStatic] private static T[]? _tiles;
    [ThreadStatic] private static T[]? _weights;
    [ThreadStatic] private static T[]? _staging;

    /// <summary>At least <paramref name="length"/> elements for the padded input.</summary>
    public static T* Input(long length) => PinnedScratch.Aligned(ref _input, length);

    /// <summary>At least <paramref name="length"/> elements for the packed panels.</summary>
    public static T* Panels(long length) => PinnedScratch.Aligned(ref _panels, length);

    /// <summary>At least <paramref name="length"/> elements for the output tiles (rows x padded channels).</summary>
    public static T* Tiles(long length) => PinnedScratch.Aligned(ref _tiles, length);

    /// <summary>At least <paramref name="length"/> elements for rearranged weights (grad-input's [O, tap, C]).</summary>
    public static T* Weights(long length) => PinnedScratch.Aligned(ref _weights, length);

    /// <summary>At least <paramref name="length"/> elements for an output on its way to its strided places.</summary>
    public static T* Staging(long length) => PinnedScratch.Aligned(ref _staging, length);
}
