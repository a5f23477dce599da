using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>Largest element over <paramref name="axes"/> (null: all).</summary>
    public static Tensor Max(this Tensor x, int[]? axes = null, bool keepDim = false)
    {
        var ax = Shape.NormalizeAxes("max", axes, x.Rank);
        if (x.Numel == 0) throw new ArgumentException($"max: tensor {x.ShapeString} is empty; max has no identity");
        var kept = KeptShape(x.Shape, ax);
        var y = NDArray.Empty(x.Backend, x.DType, kept);
        x.Backend.Reduce(ReduceOpKind.Max, x.Data, ax, y);
        var inputShape = x.Shape;
        // d/dx max(x) = [x == max] / (number of maxima): ties share the gradient evenly, as PyTorch's amax does.
        // NOTE: the mask is constant, so max is piecewise linear in x.
        var max = Tensor.Record("max", y, [x], c =>
        {
            var mask = c.Input(0).Detach().EqualTo(c.Result.Detach());
            var count = mask.Sum(ax, keepDim: true).Detach();
            return [c.Grad.Reshape(kept).Expand(inputShape) * (mask / count)];
        }, Uses.Input0 | Uses.Result);
        return keepDim ? max : max.Reshape(DroppedShape(x.Shape, ax));
    }

    /// <summary>Largest element over one axis.</summary>
    public static Tensor Max(this Tensor x, int axis, bool keepDim = false) => x.Max([axis], keepDim);
}
