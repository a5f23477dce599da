using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>e^x.</summary>
    public static Tensor Exp(this Tensor x)
    {
        // d/dx e^x = e^x (the saved output, so the rule stays differentiable)
        return Tensor.Record("exp", Elementwise.Unary(new UnaryOp(UnaryOpKind.Exp), x), [x], c => [c.Grad * c.Result], Uses.Result);
    }
}
