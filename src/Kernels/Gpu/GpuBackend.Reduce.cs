using Engine.Tensors;

namespace Engine.Kernels.Gpu;

public sealed partial class GpuBackend
{
    // Fewer reduced elements per output than this, or more outputs than the second bound, and one
    // work-item per output keeps the device busier than a work-group per output.
    private const int GroupReduceMinInner = 256, GroupReduceMaxOutputs = 4096;

    /// <inheritdoc />
    protected override void ReduceCore(ReduceOpKind op, NDArray x, int[] axes, NDArray y)
    {
        var reduced = new bool[x.Rank];
        foreach (var a in axes) reduced[a] = true;
        int[] Pick(int[] values, bool inner) => values.Where((_, d) => reduced[d] == inner).ToArray();
        var (outShape, outStrides) = Geometry.Coalesce(Pick(x.Shape, false), Pick(x.Strides, false));
        var (inShape, inStrides) = Geometry.Coalesce(Pick(x.Shape, true), Pick(x.Strides, true));
        Geometry.CheckRank("reduce", x.Shape, Math.Max(outShape.Length, inShape.Length));
        var inner = x.Numel / y.Numel;
        var g = new int[2 + 4 * Geometry.MaxRank + 3];
        g[0] = outShape.Length;
        outShape.CopyTo(g, 1);
        outStrides[0].CopyTo(g, 1 + Geometry.MaxRank);
        g[1 + 2 * Geometry.MaxRank] = inShape.Length;
        inShape.CopyTo(g, 2 + 2 * Geometry.MaxRank);
        inStrides[0].CopyTo(g, 2 + 3 * Geometry.MaxRank);
        (g[^3], g[^2], g[^1]) = (inner, x.Offset, y.Offset);
        var args = new KernelArgs().Buffer(HandleOf(x, "reduce")).Buffer(HandleOf(y, "reduce")).Struct(g).Int(op == ReduceOpKind.Sum ? 0 : 1);
        if (inner >= GroupReduceMinInner || y.Numel <= GroupReduceMaxOutputs && inner >= 32)
            Launch(KernelFamily.Reduce, x.DType, "reduce_group", (y.Numel, 1, 1), (256, 1, 1), args);
        else
            Launch1D(KernelFamily.Reduce, x.DType, "reduce_thread", y.Numel, args.Int(y.Numel));
        GC.KeepAlive(x);
        GC.KeepAlive(y);
    }
}
