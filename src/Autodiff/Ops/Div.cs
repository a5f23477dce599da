using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>a / b elementwise with broadcasting.</summary>
    public static Tensor Div(this Tensor a, Tensor b) =>
        // d/da (a / b) = 1 / b, d/db (a / b) = -a / b^2
        Tensor.Record("div", Elementwise.Binary("div", BinaryOpKind.Div, a, b), [a, b],
            c => [c.Needs(0) ? c.Grad / c.Input(1) : null, c.Needs(1) ? -(c.Grad * c.Input(0)) / (c.Input(1) * c.Input(1)) : null], Uses.Input0 | Uses.Input1);
}
