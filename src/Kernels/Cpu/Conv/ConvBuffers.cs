using System.Numerics;

namespace Engine.Kernels.Cpu;

/// <summary>
/// The calling thread's column and output-gather buffers, grown on demand and kept. Renting
/// multi-MiB arrays from ArrayPool.Shared measured bimodal here (the pool trims them after the
/// large-object-heap collections they cause), doubling conv times; a kept buffer never reallocates.
/// </summary>
internal static class ConvBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [ThreadStatic] private static T[]? _columns;
    [ThreadStatic] private static T[]? _outputs;

    /// <summary>At least <paramref name="length"/> elements for the column matrix (contents unspecified).</summary>
    public static T[] Columns(int length) => Grow(ref _columns, length);

    /// <summary>At least <paramref name="length"/> elements for gathered outputs (contents unspecified).</summary>
    public static T[] Outputs(int length) => Grow(ref _outputs, length);

    private static T[] Grow(ref T[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = GC.AllocateUninitializedArray<T>(length);
        return buffer;
    }
}
