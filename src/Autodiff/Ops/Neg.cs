using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>-x.</summary>
    public static Tensor Neg(this Tensor x) =>
        // d/dx (-x) = -1
        Tensor.Record("neg", Elementwise.Unary(new UnaryOp(UnaryOpKind.Neg), x), [x], c => [-c.Grad]);
}
