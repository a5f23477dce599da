using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>a / b elementwise with broadcasting.</summary>
    public static Tensor Div(this Tensor a, Tensor b) =>
        // d/da (a / b) = 1 / b, d/db (a / b) = -a / b^2
        Tensor.Record("div", Elementwise.Binary("div", BinaryOpKind.Div, a, b), [a, b],
            (g, needs) => [needs[0] ? g / b : null, needs[1] ? -(g * a) / (b * b) : null], saved: [a, b]);
}
