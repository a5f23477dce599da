using Engine.Tensors;

namespace Engine.Kernels.Gpu;

public sealed partial class GpuBackend
{
    /// <inheritdoc />
    protected override void LayerNormForwardCore(NDArray x, NDArray? w, NDArray? b, double eps, NDArray y, NDArray mean, NDArray rstd, int rows, int d)
    {
        int[] g = [rows, d, w is null ? 0 : 1, b is null ? 0 : 1, x.Offset, w?.Offset ?? 0, b?.Offset ?? 0, y.Offset, mean.Offset, rstd.Offset, 0, 0];
        // An absent affine operand is never read; x stands in so that every argument is a valid buffer.
        var args = new KernelArgs().Buffer(HandleOf(x, "layer_norm")).Buffer(HandleOf(w ?? x, "layer_norm")).Buffer(HandleOf(b ?? x, "layer_norm"))
            .Buffer(HandleOf(y, "layer_norm")).Buffer(HandleOf(mean, "layer_norm")).Buffer(HandleOf(rstd, "layer_norm")).Struct(g).Double(eps);
        Launch(KernelFamily.LayerNorm, x.DType, "ln_forward", (rows, 1, 1), (256, 1, 1), args);
        GC.KeepAlive(x);
        GC.KeepAlive(w);
        GC.KeepAlive(b);
        GC.KeepAlive(y);
        GC.KeepAlive(mean);
        GC.KeepAlive(rstd);
    }

    /// <inheritdoc />
    protected override void LayerNormBackwardCore(NDArray gy, NDArray x, NDArray mean, NDArray rstd, NDArray? w, NDArray gx, NDArray? gw, NDArray? gb, int rows, int d)
    {
        int[] g = [rows, d, w is null ? 0 : 1, 0, x.Offset, w?.Offset ?? 0, 0, 0, mean.Offset, rstd.Offset, gy.Offset, gx.Offset];
        ulong hx = HandleOf(x, "layer_norm backward"), hgy = HandleOf(gy, "layer_norm backward");
        ulong hm = HandleOf(mean, "layer_norm backward"), hr = HandleOf(rstd, "layer_norm backward");
        var args = new KernelArgs().Buffer(hgy).Buffer(hx).Buffer(hm).Buffer(hr).Buffer(w is null ? hx : HandleOf(w, "layer_norm backward"))
            .Buffer(HandleOf(gx, "layer_norm backward")).Struct(g);
        Launch(KernelFamily.LayerNorm, x.DType, "ln_backward_input", (rows, 1, 1), (256, 1, 1), args);
        if (gw is not null || gb is not null)
        {
            var affine = new KernelArgs().Buffer(hgy).Buffer(hx).Buffer(hm).Buffer(hr)
                .Buffer(gw is null ? hx : HandleOf(gw, "layer_norm backward")).Buffer(gb is null ? hx : HandleOf(gb, "layer_norm backward"))
                .Struct(g).Int(gw is null ? 0 : 1).Int(gb is null ? 0 : 1).Int(gw?.Offset ?? 0).Int(gb?.Offset ?? 0);
            Launch1D(KernelFamily.LayerNorm, x.DType, "ln_backward_affine", d, affine);
        }
        GC.KeepAlive(gy);
        GC.KeepAlive(x);
        GC.KeepAlive(mean);
        GC.KeepAlive(rstd);
        GC.KeepAlive(w);
        GC.KeepAlive(gx);
        GC.KeepAlive(gw);
        GC.KeepAlive(gb);
    }
}
