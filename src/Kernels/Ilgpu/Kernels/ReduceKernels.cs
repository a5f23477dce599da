using System.Numerics;
using ILGPU;

namespace Engine.Kernels.Ilgpu;

/// <summary>
/// Sum and max over chosen axes. <c>outer</c> maps an output index to x's offset (kept axes),
/// <c>inner</c> maps a reduced index to the offset within it (reduced axes), both in
/// <see cref="StridedIndex"/> layout with one operand.
/// </summary>
internal static class ReduceKernels
{
    /// <summary>One thread per output; for many outputs or short reductions.</summary>
    public static void PerThread<T>(Index1D i, ArrayView<T> x, ArrayView<T> y, ArrayView<int> outer, ArrayView<int> inner,
        int innerCount, int yOffset, int isMax, T init) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var at = StridedIndex.Offset(outer, i, 0);
        var acc = init;
        for (var j = 0; j < innerCount; j++) acc = Combine(acc, x[at + StridedIndex.Offset(inner, j, 0)], isMax);
        y[yOffset + i] = acc;
    }

    /// <summary>One group of <see cref="GroupSize"/> threads per output, combined by a tree in shared memory; for long reductions.</summary>
    public static void PerGroup<T>(ArrayView<T> x, ArrayView<T> y, ArrayView<int> outer, ArrayView<int> inner,
        int innerCount, int yOffset, int isMax, T init) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var partial = SharedMemory.Allocate<T>(GroupSize);
        int o = Grid.IdxX, t = Group.IdxX;
        var at = StridedIndex.Offset(outer, o, 0);
        var acc = init;
        for (var j = t; j < innerCount; j += GroupSize) acc = Combine(acc, x[at + StridedIndex.Offset(inner, j, 0)], isMax);
        partial[t] = acc;
        Group.Barrier();
        for (var s = GroupSize / 2; s > 0; s >>= 1)
        {
            if (t < s) partial[t] = Combine(partial[t], partial[t + s], isMax);
            Group.Barrier();
        }
        if (t == 0) y[yOffset + o] = partial[0];
    }

    /// <summary>Threads per group of <see cref="PerGroup{T}"/> (a power of two).</summary>
    public const int GroupSize = 256;

    // max propagates NaN: once acc is NaN, no comparison replaces it.
    private static T Combine<T>(T acc, T v, int isMax) where T : unmanaged, IFloatingPointIeee754<T> =>
        isMax == 0 ? acc + v : v > acc || T.IsNaN(v) ? v : acc;
}
