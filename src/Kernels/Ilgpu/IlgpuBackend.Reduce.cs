using System.Numerics;
using Engine.Tensors;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Ilgpu;

public sealed partial class IlgpuBackend
{
    // Reductions at least this long, over at most this many outputs, get a group of threads each.
    private const int GroupReduceMinInner = 256, GroupReduceMaxOutputs = 4096;

    /// <inheritdoc />
    protected override void ReduceCore(ReduceOpKind op, NDArray x, int[] axes, NDArray y)
    {
        lock (_gate)
        {
            if (x.DType == DType.Float32) Reduce(op, x, axes, y, float.NegativeInfinity);
            else Reduce(op, x, axes, y, double.NegativeInfinity);
        }
    }

    private void Reduce<T>(ReduceOpKind op, NDArray x, int[] axes, NDArray y, T negativeInfinity) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var reduced = new bool[x.Rank];
        foreach (var a in axes) reduced[a] = true;
        int[] Pick(int[] values, bool inner) => values.Where((_, d) => reduced[d] == inner).ToArray();
        var outer = Geometry(StridedIndex.Encode(Pick(x.Shape, false), (Pick(x.Strides, false), x.Offset)));
        var inner = Geometry(StridedIndex.Encode(Pick(x.Shape, true), (Pick(x.Strides, true), 0)));
        var innerCount = x.Numel / y.Numel;
        var isMax = op == ReduceOpKind.Max ? 1 : 0;
        var init = isMax == 1 ? negativeInfinity : T.Zero;
        if (innerCount >= GroupReduceMinInner && y.Numel <= GroupReduceMaxOutputs)
        {
            var config = new KernelConfig(y.Numel, GroupSide * GroupSide);
            switch (GroupSide)
            {
                case 16: ReducePerGroup<T, Side16>(config, x, y, outer, inner, innerCount, isMax, init); break;
                case 4: ReducePerGroup<T, Side4>(config, x, y, outer, inner, innerCount, isMax, init); break;
                default: ReducePerGroup<T, Side2>(config, x, y, outer, inner, innerCount, isMax, init); break;
            }
        }
        else
            Kernel("reduce_thread", typeof(T), typeof(void),
                    a => a.LoadAutoGroupedStreamKernel<Index1D, Lanes, ArrayView<T>, ArrayView<T>, ArrayView<int>, ArrayView<int>, int, int, int, T>(ReduceKernels.PerThread))
                (Extent(y.Numel), Spread(y.Numel), ViewOf<T>(x), ViewOf<T>(y), outer, inner, innerCount, y.Offset, isMax, init);
    }

    private void ReducePerGroup<T, TSide>(KernelConfig config, NDArray x, NDArray y, ArrayView<int> outer, ArrayView<int> inner, int innerCount, int isMax, T init)
        where T : unmanaged, IFloatingPointIeee754<T> where TSide : struct, IGroupSide =>
        Kernel("reduce_group", typeof(T), typeof(TSide),
                a => a.LoadStreamKernel<ArrayView<T>, ArrayView<T>, ArrayView<int>, ArrayView<int>, int, int, int, T>(ReduceKernels.PerGroup<T, TSide>))
            (config, ViewOf<T>(x), ViewOf<T>(y), outer, inner, innerCount, y.Offset, isMax, init);
}
