using Engine.Tensors;

namespace Engine.Kernels.Gpu;

public sealed partial class GpuBackend
{
    /// <inheritdoc />
    public void Unary(UnaryOp op, NDArray x, NDArray y)
    {
        CheckSame("unary " + op.Kind, y, x);
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
        CheckSame("binary " + op, y, a, b);
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
        CheckSame("ternary " + op, y, a, b, c);
        var g = Geometry.Elementwise(op.ToString(), y.Shape, (y.Strides, y.Offset), (a.Strides, a.Offset), (b.Strides, b.Offset), (c.Strides, c.Offset));
        var args = new KernelArgs().Buffer(HandleOf(a, "ternary")).Buffer(HandleOf(b, "ternary")).Buffer(HandleOf(c, "ternary"))
            .Buffer(HandleOf(y, "ternary")).Struct(g).Int(y.Numel).Int((int)op);
        Launch1D(KernelFamily.Elementwise, y.DType, "ew_ternary", y.Numel, args);
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        GC.KeepAlive(c);
        GC.KeepAlive(y);
    }

    private void CheckSame(string op, NDArray y, params NDArray[] inputs)
    {
        foreach (var x in inputs)
        {
            if (!Shape.Equal(x.Shape, y.Shape))
                throw new ShapeMismatchException($"{Name} {op}: input {x.ShapeString} does not match output {y.ShapeString} (broadcast before the kernel)");
            if (x.DType != y.DType)
                throw new DTypeMismatchException($"{Name} {op}: input is {x.DType.Name()} but output is {y.DType.Name()}");
        }
    }
}
