using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>Same elements in a new shape (one dimension may be -1). A view when the data is contiguous.</summary>
    public static Tensor Reshape(this Tensor x, params int[] shape)
    {
        var target = NDArray.InferShape("reshape", shape, x.Numel, x.Shape);
        if (Shape.Equal(target, x.Shape)) return x;
        var inputShape = x.Shape;
        // d/dx reshape(x) = reshape back
        return Tensor.Record("reshape", x.Data.Reshape(target), [x], c => [c.Grad.Reshape(inputShape)]);
    }

    /// <summary>Flattens all dimensions from <paramref name="startAxis"/> on into one.</summary>
    public static Tensor Flatten(this Tensor x, int startAxis = 1)
    {
        var start = Shape.NormalizeAxis("flatten", startAxis, x.Rank);
        return x.Reshape([.. x.Shape[..start], -1]);
    }
}
