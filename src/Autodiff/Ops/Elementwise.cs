using Engine.Autodiff.Inspection;
using Engine.Tensors;

namespace Engine.Autodiff;

/// <summary>Forward plumbing shared by elementwise ops: validation, broadcasting, allocation.</summary>
internal static class Elementwise
{
    public static NDArray Unary(UnaryOp op, Tensor x)
    {
        x.Data.ThrowIfReleased(SnakeCase(op.Kind.ToString()));
        var y = NDArray.Empty(x.Backend, x.DType, x.Shape);
        if (y.Numel > 0) x.Backend.Unary(op, x.Data, y);
        return y;
    }

    public static NDArray Binary(string name, BinaryOpKind op, Tensor a, Tensor b)
    {
        CheckCompatible(name, a, b);
        var shape = Shape.Broadcast(name, a.Shape, b.Shape);
        var y = NDArray.Empty(a.Backend, a.DType, shape);
        if (y.Numel > 0) a.Backend.Binary(op, a.Data.Expand(shape), b.Data.Expand(shape), y);
        return y;
    }

    public static NDArray Ternary(string name, TernaryOpKind op, Tensor a, Tensor b, Tensor c)
    {
        CheckCompatible(name, a, b);
        CheckCompatible(name, a, c);
        var shape = Shape.Broadcast(name, Shape.Broadcast(name, a.Shape, b.Shape), c.Shape);
        var y = NDArray.Empty(a.Backend, a.DType, shape);
        if (y.Numel > 0) a.Backend.Ternary(op, a.Data.Expand(shape), b.Data.Expand(shape), c.Data.Expand(shape), y);
        return y;
    }

    /// <summary>Throws naming the op, both shapes and dtypes/backends when two operands cannot meet (or one was released).</summary>
    public static void CheckCompatible(string name, Tensor a, Tensor b)
    {
        a.Data.ThrowIfReleased(name);
        b.Data.ThrowIfReleased(name);
        if (a.DType != b.DType)
            throw new DTypeMismatchException(
                $"{name}: dtypes differ: {a.DType.Name()} {a.ShapeString} and {b.DType.Name()} {b.ShapeString}; convert one with .To(dtype) first");
        if (!ReferenceEquals(a.Backend, b.Backend))
            throw new ArgumentException(
                $"{name}: operands live on different backends: {a.Backend.Name} {a.ShapeString} and {b.Backend.Name} {b.ShapeString}; move one with .To(backend)");
    }

    /// <summary>A constant (no-grad) 0/1 mask from a unary mask op (reported to the op observer as e.g. "step", "sign").</summary>
    public static Tensor Mask(UnaryOp op, Tensor x)
    {
        var mask = new Tensor(Unary(op, x));
        if (OpObserver.Current is not null) OpObserver.Report(SnakeCase(op.Kind.ToString()), [x], [mask]);
        return mask;
    }

    /// <summary>"LeakyReluSlope" -> "leaky_relu_slope", the naming of recorded ops.</summary>
    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
