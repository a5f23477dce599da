using Engine.Tensors;

namespace Engine.Kernels.Gpu;

public sealed partial class GpuBackend
{
    /// <inheritdoc />
    public void Unary(UnaryOp op, NDArray x, NDArray y)
    {
        OperandChecks.Elementwise(Name, "unary " + op.Kind, y, x);
        var g = Geometry.Elementwise(op.Kind.ToString(), y.Shape, (y.Strides, y.Offset), (x.Strides, x.Offset));
        var f64 = Is64(y);
        var args = new KernelArgs().Buffer(HandleOf(x, "unary")).Buffer(HandleOf(y, "unary")).Struct(g).Int(y.Numel)
            .Int((int)op.Kind).Scalar(op.Alpha, f64).Scalar(op.Beta, f64);
        Launch1D(KernelFamily.Elementwise, y.DType, "ew_unary", y.Numel, args);
        GC.KeepAlive(x);
        GC.KeepAlive(y);
    }

    /// <inheritdoc />
    public void Binary(BinaryOpKind op, NDArray a, NDArray b, NDArray y)
    {
        OperandChecks.Elementwise(Name, "binary " + op, y, a, b);
        var g = Geometry.Elementwise(op.ToString(), y.Shape, (y.Strides, y.Offset), (a.Strides, a.Offset), (b.Strides, b.Offset));
        var args = new KernelArgs().Buffer(HandleOf(a, "binary")).Buffer(HandleOf(b, "binary")).Buffer(HandleOf(y, "binary"))
            .Struct(g).Int(y.Numel).Int((int)op);
        Launch1D(KernelFamily.Elementwise, y.DType, "ew_binary", y.Numel, args);
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        GC.KeepAlive(y);
    }

    /// <inheritdoc />
    public void Ternary(TernaryOpKind op, NDArray a, NDArray b, NDArray c, NDArray y)
    {
        OperandChecks.Elementwise(Name, "ternary " + op, y, a, b, c);
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
