using System.Numerics;
using Engine.Tensors;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Ilgpu;

public sealed partial class IlgpuBackend
{
    /// <inheritdoc />
    protected override void LayerNormForwardCore(NDArray x, NDArray? w, NDArray? b, double eps, NDArray y, NDArray mean, NDArray rstd, int rows, int d)
    {
        lock (_gate)
        {
            var s = new LayerNormShape(rows, d, w is null ? 0 : 1, b is null ? 0 : 1, x.Offset, w?.Offset ?? 0, b?.Offset ?? 0,
                y.Offset, mean.Offset, rstd.Offset, 0, 0);
            if (x.DType == DType.Float32) LayerNormForward(x, w, b, y, mean, rstd, s, (float)d, (float)eps);
            else LayerNormForward(x, w, b, y, mean, rstd, s, (double)d, eps);
        }
    }

    // An absent affine operand is never read; x stands in so that every argument is a valid view.
    private void LayerNormForward<T>(NDArray x, NDArray? w, NDArray? b, NDArray y, NDArray mean, NDArray rstd, LayerNormShape s, T d, T eps)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Kernel("ln_forward", typeof(T), typeof(void),
                a => a.LoadAutoGroupedStreamKernel<Index1D, Lanes, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, LayerNormShape, T, T>(
                    LayerNormKernels.Forward))
            (Extent(s.Rows), Spread(s.Rows), ViewOf<T>(x), ViewOf<T>(w ?? x), ViewOf<T>(b ?? x), ViewOf<T>(y), ViewOf<T>(mean), ViewOf<T>(rstd), s, d, eps);

    /// <inheritdoc />
    protected override void LayerNormBackwardCore(NDArray gy, NDArray x, NDArray mean, NDArray rstd, NDArray? w, NDArray gx, NDArray? gw, NDArray? gb, int rows, int d)
    {
        lock (_gate)
        {
            var s = new LayerNormShape(rows, d, w is null ? 0 : 1, 0, x.Offset, w?.Offset ?? 0, 0, 0, mean.Offset, rstd.Offset, gy.Offset, gx.Offset);
            var affine = s with { HasW = gw is null ? 0 : 1, HasB = gb is null ? 0 : 1, WOffset = gw?.Offset ?? 0, BOffset = gb?.Offset ?? 0 };
            if (x.DType == DType.Float32) LayerNormBackward<float>(gy, x, mean, rstd, w, gx, gw, gb, s, affine, d);
            else LayerNormBackward<double>(gy, x, mean, rstd, w, gx, gw, gb, s, affine, d);
        }
    }

    private void LayerNormBackward<T>(NDArray gy, NDArray x, NDArray mean, NDArray rstd, NDArray? w, NDArray gx, NDArray? gw, NDArray? gb,
        LayerNormShape s, LayerNormShape affine, int d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Kernel("ln_backward_input", typeof(T), typeof(void),
                a => a.LoadAutoGroupedStreamKernel<Index1D, Lanes, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, LayerNormShape, T>(
                    LayerNormKernels.BackwardInput))
            (Extent(s.Rows), Spread(s.Rows), ViewOf<T>(gy), ViewOf<T>(x), ViewOf<T>(mean), ViewOf<T>(rstd), ViewOf<T>(w ?? x), ViewOf<T>(gx), s, T.CreateTruncating(d));
        if (gw is null && gb is null) return;
        Kernel("ln_backward_affine", typeof(T), typeof(void),
                a => a.LoadAutoGroupedStreamKernel<Index1D, Lanes, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, LayerNormShape>(
                    LayerNormKernels.BackwardAffine))
            (Extent(s.D), Spread(s.D), ViewOf<T>(gy), ViewOf<T>(x), ViewOf<T>(mean), ViewOf<T>(rstd), ViewOf<T>(gw ?? x), ViewOf<T>(gb ?? x), affine);
    }
}
