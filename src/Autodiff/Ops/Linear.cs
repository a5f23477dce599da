namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>y = x W^T + b with PyTorch's layout: weight [out, in], bias [out], x [..., in]. Composite.</summary>
    public static Tensor Linear(this Tensor x, Tensor weight, Tensor? bias = null)
    {
        if (weight.Rank != 2 || x.Rank < 2 || x.Shape[^1] != weight.Shape[1])
            throw new Engine.Tensors.ShapeMismatchException(
                $"linear: input {x.ShapeString} does not match weight {weight.ShapeString} (expected input [..., {(weight.Rank == 2 ? weight.Shape[1] : -1)}] and weight [out, in])");
        var y = x.MatMul(weight.Transpose());
        return bias is null ? y : y + bias;
    }
}
