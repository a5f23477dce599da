using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>x &gt; 0 ? x : alpha (e^x - 1).</summary>
    public static Tensor Elu(this Tensor x, double alpha = 1.0)
    {
        Tensor? y = null;
        // d/dx elu(x) = x > 0 ? 1 : alpha e^x = y + alpha (written with y so the rule differentiates again)
        // NOTE: the derivative at 0 is taken from the left branch, alpha.
        y = Tensor.Record("elu", Elementwise.Unary(new UnaryOp(UnaryOpKind.Elu, alpha), x), [x],
            (g, _) => [Where(Elementwise.Mask(new UnaryOp(UnaryOpKind.Step), x), g, g * (y! + alpha))], saved: [x]);
        return y;
    }
}
