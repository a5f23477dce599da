using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>|x|.</summary>
    public static Tensor Abs(this Tensor x) =>
        // d/dx |x| = sign(x)
        // NOTE: the subgradient at 0 is taken as 0 (sign(0) = 0), as PyTorch does.
        Tensor.Record("abs", Elementwise.Unary(new UnaryOp(UnaryOpKind.Abs), x), [x],
            c => [c.Grad * Elementwise.Mask(new UnaryOp(UnaryOpKind.Sign), c.Input(0))], Uses.Input0);
}
