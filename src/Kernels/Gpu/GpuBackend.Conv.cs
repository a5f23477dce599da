using Engine.Tensors;

namespace Engine.Kernels.Gpu;

public sealed partial class GpuBackend
{
    /// <inheritdoc />
    private protected override void Conv2dForwardCore(ConvDims d, NDArray x, NDArray w, NDArray y, Epilogue? epilogue)
    {
        Conv("conv_forward", d, x, w, y);
        EpilogueInPlace(y, epilogue, 1);
    }

    /// <inheritdoc />
    private protected override void Conv2dGradInputCore(ConvDims d, NDArray gy, NDArray w, NDArray gx) => Conv("conv_grad_input", d, gy, w, gx);

    /// <inheritdoc />
    private protected override void Conv2dGradWeightCore(ConvDims d, NDArray x, NDArray gy, NDArray gw)
    {
        // One work-item per weight leaves a device idle when weights are few (the first MNIST layer
        // has 1,600): split the images over more work-items, then sum the partial weight gradients.
        var splits = Math.Clamp(GradWeightMinWorkItems / Math.Max(gw.Numel, 1), 1, d.N);
        if (splits == 1)
        {
            Conv("conv_grad_weight", d, x, gy, gw, 1);
            return;
        }
        var partial = new NDArray(Allocate(gw.DType, splits * gw.Numel), [splits, .. gw.Shape], Shape.ContiguousStrides([splits, .. gw.Shape]));
        Conv("conv_grad_weight", d, x, gy, partial, splits);
        Reduce(ReduceOpKind.Sum, partial, [0], new NDArray(gw.Buffer, [1, .. gw.Shape], [0, .. gw.Strides], gw.Offset));
    }

    // Fewer weight elements than this and grad-weight splits the batch over extra work-items.
    private const int GradWeightMinWorkItems = 1 << 16;

    /// <summary>Launches one conv kernel over its contiguous output <paramref name="r"/>, with inputs <paramref name="p"/> and <paramref name="q"/> read through their strides.</summary>
    private void Conv(string kernel, ConvDims d, NDArray p, NDArray q, NDArray r, int splits = 0)
    {
        if (r.Numel == 0) return;
        var s = d.Geometry;
        int[] g = [d.N, d.C, d.H, d.W, d.O, d.KH, d.KW, d.Ho, d.Wo, s.StrideH, s.StrideW, s.PadH, s.PadW, s.DilationH, s.DilationW,
            .. p.Strides, .. q.Strides, p.Offset, q.Offset, r.Offset];
        var total = splits > 0 ? r.Numel / splits : r.Numel;
        var args = new KernelArgs().Buffer(HandleOf(p, kernel)).Buffer(HandleOf(q, kernel)).Buffer(HandleOf(r, kernel)).Struct(g).Int(total);
        if (splits > 0) args.Int(splits);
        Launch1D(KernelFamily.Conv, r.DType, kernel, r.Numel, args);
        GC.KeepAlive(p);
        GC.KeepAlive(q);
        GC.KeepAlive(r);
    }
}
