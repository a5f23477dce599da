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
    public static void PerThread<T>(Index1D lane, Lanes lanes, ArrayView<T> x, ArrayView<T> y, ArrayView<int> outer, ArrayView<int> inner,
        int innerCount, int yOffset, int isMax, T init) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = lane.X; i < lanes.Count; i += lanes.Threads)
        {
            var at = StridedIndex.Offset(outer, i, 0);
            var acc = init;
            for (var j = 0; j < innerCount; j++) acc = Combine(acc, x[at + StridedIndex.Offset(inner, j, 0)], isMax);
            y[yOffset + i] = acc;
        }
    }

    /// <summary>
    /// One group of Side * Side threads (<typeparamref name="TSide"/>) per output, combined by a tree
    /// in shared memory; for long reductions.
    /// </summary>
    public static void PerGroup<T, TSide>(ArrayView<T> x, ArrayView<T> y, ArrayView<int> outer, ArrayView<int> inner,
        int innerCount, int yOffset, int isMax, T init) where T : unmanaged, IFloatingPointIeee754<T> where TSide : struct, IGroupSide
    {
        var size = TSide.Side * TSide.Side;
        var partial = SharedMemory.Allocate<T>(size);
        int o = Grid.IdxX, t = Group.IdxX;
        var at = StridedIndex.Offset(outer, o, 0);
        var acc = init;
        for (var j = t; j < innerCount; j += size) acc = Combine(acc, x[at + StridedIndex.Offset(inner, j, 0)], isMax);
        partial[t] = acc;
        Group.Barrier();
        for (var s = size / 2; s > 0; s >>= 1)
        {
            if (t < s) partial[t] = Combine(partial[t], partial[t + s], isMax);
            Group.Barrier();
        }
        if (t == 0) y[yOffset + o] = partial[0];
    }

    // max propagates NaN: once acc is NaN, no comparison replaces it.
    private static T Combine<T>(T acc, T v, int isMax) where T : unmanaged, IFloatingPointIeee754<T> =>
        isMax == 0 ? acc + v : v > acc || T.IsNaN(v) ? v : acc;
}
