using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>ln(1 + e^x), computed without overflow.</summary>
    public static Tensor Softplus(this Tensor x) =>
        // d/dx softplus(x) = sigmoid(x)
        Tensor.Record("softplus", Elementwise.Unary(new UnaryOp(UnaryOpKind.Softplus), x), [x], c => [c.Grad * c.Input(0).Sigmoid()], Uses.Input0);
}
