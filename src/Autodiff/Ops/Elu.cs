using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>x &gt; 0 ? x : alpha (e^x - 1).</summary>
    public static Tensor Elu(this Tensor x, double alpha = 1.0)
    {
        // d/dx elu(x) = x > 0 ? 1 : alpha e^x = y + alpha (written with y so the rule differentiates again)
        // NOTE: the derivative at 0 is taken from the left branch, alpha.
        return Tensor.Record("elu", Elementwise.Unary(new UnaryOp(UnaryOpKind.Elu, alpha), x), [x],
            c => [Where(Elementwise.Mask(new UnaryOp(UnaryOpKind.Step), c.Input(0)), c.Grad, c.Grad * (c.Result + alpha))], Uses.Input0 | Uses.Result);
    }
}
