using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// cond != 0 ? a : b elementwise with broadcasting. <paramref name="cond"/> is a 0/1 mask of the
    /// same dtype (e.g. from <see cref="Greater"/>) and gets no gradient.
    /// </summary>
    public static Tensor Where(Tensor cond, Tensor a, Tensor b)
    {
        var mask = cond.Detach();
        // d/da where(c, a, b) = c, d/db = 1 - c
        return Tensor.Record("where", Elementwise.Ternary("where", TernaryOpKind.Where, mask, a, b), [mask, a, b],
            c =>
            {
                var zero = Tensor.Scalar(0.0, c.Grad);
                return [null, c.Needs(1) ? Where(c.Input(0), c.Grad, zero) : null, c.Needs(2) ? Where(c.Input(0), zero, c.Grad) : null];
            }, Uses.Input0);
    }
}
