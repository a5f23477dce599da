using Engine.Tensors;

namespace Engine.Kernels.Gpu;

public sealed partial class GpuBackend
{
    /// <inheritdoc />
    public void Conv2dForward(NDArray x, NDArray w, NDArray y, Conv2dGeometry geometry) =>
        Conv("conv_forward", ConvChecks.Shapes("conv2d forward", x, w, y, geometry), x, w, y);

    /// <inheritdoc />
    public void Conv2dGradInput(NDArray gy, NDArray w, NDArray gx, Conv2dGeometry geometry) =>
        Conv("conv_grad_input", ConvChecks.Shapes("conv2d grad-input", gx, w, gy, geometry), gy, w, gx);

    /// <inheritdoc />
    public void Conv2dGradWeight(NDArray x, NDArray gy, NDArray gw, Conv2dGeometry geometry) =>
        Conv("conv_grad_weight", ConvChecks.Shapes("conv2d grad-weight", x, gw, gy, geometry), x, gy, gw);

    /// <summary>Launches one conv kernel over its contiguous output <paramref name="r"/>, with inputs <paramref name="p"/> and <paramref name="q"/> read through their strides.</summary>
    private void Conv(string kernel, ConvDims d, NDArray p, NDArray q, NDArray r)
    {
        if (r.Numel == 0) return;
        var s = d.Geometry;
        int[] g = [d.N, d.C, d.H, d.W, d.O, d.KH, d.KW, d.Ho, d.Wo, s.StrideH, s.StrideW, s.PadH, s.PadW, s.DilationH, s.DilationW,
            .. p.Strides, .. q.Strides, p.Offset, q.Offset, r.Offset];
        var args = new KernelArgs().Buffer(HandleOf(p, kernel)).Buffer(HandleOf(q, kernel)).Buffer(HandleOf(r, kernel)).Struct(g).Int(r.Numel);
        Launch1D(KernelFamily.Conv, r.DType, kernel, r.Numel, args);
        GC.KeepAlive(p);
        GC.KeepAlive(q);
        GC.KeepAlive(r);
    }
}
