using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>max(x, 0).</summary>
    public static Tensor Relu(this Tensor x) =>
        // d/dx relu(x) = [x > 0]
        // NOTE: relu'(0) = 0. The mask is a constant, so relu'' = 0 almost everywhere.
        Tensor.Record("relu", Elementwise.Unary(new UnaryOp(UnaryOpKind.Relu), x), [x],
            c => [c.Grad * Elementwise.Mask(new UnaryOp(UnaryOpKind.Step), c.Input(0))], Uses.Input0);
}
