using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>Broadcasts x to <paramref name="shape"/> without copying (stride-0 view).</summary>
    public static Tensor Expand(this Tensor x, params int[] shape)
    {
        if (Shape.Equal(shape, x.Shape)) return x;
        var inputShape = x.Shape;
        // d/dx expand(x) = sum of g over the broadcast dimensions
        return Tensor.Record("expand", x.Data.Expand(shape), [x], c => [c.Grad.SumTo(inputShape)]);
    }
}
