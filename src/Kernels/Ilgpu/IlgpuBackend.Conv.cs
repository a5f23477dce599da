using System.Numerics;
using Engine.Tensors;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Ilgpu;

public sealed partial class IlgpuBackend
{

    /// <inheritdoc />
    private protected override void Conv2dForwardCore(ConvDims d, NDArray x, NDArray w, NDArray y, Epilogue? epilogue)
    {
        lock (_gate) Conv("conv_forward", d, x, w, y);
        EpilogueInPlace(y, epilogue, 1);
    }

    /// <inheritdoc />
    private protected override void Conv2dGradInputCore(ConvDims d, NDArray gy, NDArray w, NDArray gx)
    {
        lock (_gate) Conv("conv_grad_input", d, gy, w, gx);
    }

    /// <inheritdoc />
    private protected override void Conv2dGradWeightCore(ConvDims d, NDArray x, NDArray gy, NDArray gw)
    {
        lock (_gate) Conv("conv_grad_weight", d, x, gy, gw);
    }

    /// <summary>One conv kernel over the contiguous output r, reading p and q through their strides.</summary>
    private void Conv(string kernel, ConvDims d, NDArray p, NDArray q, NDArray r)
    {
        var g = d.Geometry;
        var s = new ConvShape(d.N, d.C, d.H, d.W, d.O, d.KH, d.KW, d.Ho, d.Wo, g.StrideH, g.StrideW, g.PadH, g.PadW, g.DilationH, g.DilationW,
            p.Strides[0], p.Strides[1], p.Strides[2], p.Strides[3], q.Strides[0], q.Strides[1], q.Strides[2], q.Strides[3], p.Offset, q.Offset, r.Offset);
        if (r.DType == DType.Float32) Conv<float>(kernel, p, q, r, s);
        else Conv<double>(kernel, p, q, r, s);
    }

    private void Conv<T>(string kernel, NDArray p, NDArray q, NDArray r, ConvShape s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Action<Index1D, Lanes, ArrayView<T>, ArrayView<T>, ArrayView<T>, ConvShape> method = kernel switch
        {
            "conv_forward" => ConvKernels.Forward,
            "conv_grad_input" => ConvKernels.GradInput,
            _ => ConvKernels.GradWeight,
        };
        Kernel(kernel, typeof(T), typeof(void), a => a.LoadAutoGroupedStreamKernel(method))
            (Extent(r.Numel), Spread(r.Numel), ViewOf<T>(p), ViewOf<T>(q), ViewOf<T>(r), s);
    }
}
