using Engine.Tensors;

namespace Engine.Kernels.Gpu;

public sealed partial class GpuBackend
{
    /// <inheritdoc />
    protected override void UnaryCore(UnaryOp op, NDArray x, NDArray y)
    {
        var g = Geometry.Elementwise(op.Kind.ToString(), y.Shape, (y.Strides, y.Offset), (x.Strides, x.Offset));
        var f64 = Is64(y);
        var args = new KernelArgs().Buffer(HandleOf(x, "unary")).Buffer(HandleOf(y, "unary")).Struct(g).Int(y.Numel)
            .Int((int)op.Kind).Scalar(op.Alpha, f64).Scalar(op.Beta, f64);
        Launch1D(KernelFamily.Elementwise, y.DType, "ew_unary", y.Numel, args);
        GC.KeepAlive(x);
        GC.KeepAlive(y);
    }

    /// <inheritdoc />
    protected override void BinaryCore(BinaryOpKind op, NDArray a, NDArray b, NDArray y)
    {
        var g = Geometry.Elementwise(op.ToString(), y.Shape, (y.Strides, y.Offset), (a.Strides, a.Offset), (b.Strides, b.Offset));
        var args = new KernelArgs().Buffer(HandleOf(a, "binary")).Buffer(HandleOf(b, "binary")).Buffer(HandleOf(y, "binary"))
            .Struct(g).Int(y.Numel).Int((int)op);
        Launch1D(KernelFamily.Elementwise, y.DType, "ew_binary", y.Numel, args);
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        GC.KeepAlive(y);
    }

    /// <inheritdoc />
    protected override void TernaryCore(TernaryOpKind op, NDArray a, NDArray b, NDArray c, NDArray y)
    {
        var g = Geometry.Elementwise(op.ToString(), y.Shape, (y.Strides, y.Offset), (a.Strides, a.Offset), (b.Strides, b.Offset), (c.Strides, c.Offset));
        var args = new KernelArgs().Buffer(HandleOf(a, "ternary")).Buffer(HandleOf(b, "ternary")).Buffer(HandleOf(c, "ternary"))
            .Buffer(HandleOf(y, "ternary")).Struct(g).Int(y.Numel).Int((int)op);
        Launch1D(KernelFamily.Elementwise, y.DType, "ew_ternary", y.Numel, args);
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        GC.KeepAlive(c);
        GC.KeepAlive(y);
    }
}
