using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor Tanh(this Tensor x)
    {
        // d/dx tanh(x) = 1 - tanh(x)^2
        return Tensor.Record("tanh", Elementwise.Unary(new UnaryOp(UnaryOpKind.Tanh), x), [x], c => [c.Grad * (1.0 - c.Result * c.Result)], Uses.Result);
    }
}
