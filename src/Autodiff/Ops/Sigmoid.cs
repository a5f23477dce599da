using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>Logistic sigmoid 1 / (1 + e^-x).</summary>
    public static Tensor Sigmoid(this Tensor x)
    {
        // d/dx sigmoid(x) = sigmoid(x) (1 - sigmoid(x))
        return Tensor.Record("sigmoid", Elementwise.Unary(new UnaryOp(UnaryOpKind.Sigmoid), x), [x], c => [c.Grad * (c.Result * (1.0 - c.Result))], Uses.Result);
    }
}
