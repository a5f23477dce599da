using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>Logistic sigmoid 1 / (1 + e^-x).</summary>
    public static Tensor Sigmoid(this Tensor x)
    {
        Tensor? y = null;
        // d/dx sigmoid(x) = sigmoid(x) (1 - sigmoid(x))
        y = Tensor.Record("sigmoid", Elementwise.Unary(new UnaryOp(UnaryOpKind.Sigmoid), x), [x], (g, _) => [g * (y! * (1.0 - y!))]);
        return y;
    }
}
