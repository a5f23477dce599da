using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor Tanh(this Tensor x)
    {
        Tensor? y = null;
        // d/dx tanh(x) = 1 - tanh(x)^2
        y = Tensor.Record("tanh", Elementwise.Unary(new UnaryOp(UnaryOpKind.Tanh), x), [x], (g, _) => [g * (1.0 - y! * y!)]);
        return y;
    }
}
