using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>Elements start, start + step, ... (length of them) along <paramref name="axis"/> (a view).</summary>
    public static Tensor Slice(this Tensor x, int axis, int start, int length, int step = 1)
    {
        var view = x.Data.Slice(axis, start, length, step);
        var inputShape = x.Shape;
        // d/dx slice(x) = g scattered into zeros of x's shape
        return Tensor.Record("slice", view, [x], c => [c.Grad.SliceBackward(inputShape, axis, start, step)]);
    }

    /// <summary>
    /// The adjoint of <see cref="Slice"/>: places <paramref name="g"/> at start, start + step, ...
    /// along <paramref name="axis"/> of a zero tensor of <paramref name="shape"/>.
    /// </summary>
    public static Tensor SliceBackward(this Tensor g, int[] shape, int axis, int start, int step = 1)
    {
        var ax = Shape.NormalizeAxis("slice_backward", axis, shape.Length);
        var length = g.Shape[ax];
        var full = NDArray.Zeros(g.Backend, g.DType, shape);
        var region = full.Slice(ax, start, length, step);
        if (!Shape.Equal(region.Shape, g.Shape))
            throw new ShapeMismatchException($"slice_backward: gradient {g.ShapeString} does not fit slice {region.ShapeString} of {Shape.Format(shape)}");
        if (g.Numel > 0) g.Backend.Copy(g.Data, region);
        // d/dg slice_backward(g) = slice of the incoming gradient
        return Tensor.Record("slice_backward", full, [g], c => [c.Grad.Slice(ax, start, length, step)]);
    }
}
