using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>a - b with broadcasting.</summary>
    public static Tensor Sub(this Tensor a, Tensor b) =>
        // d/da (a - b) = 1, d/db (a - b) = -1
        Tensor.Record("sub", Elementwise.Binary("sub", BinaryOpKind.Sub, a, b), [a, b], c => [c.Grad, c.Needs(1) ? -c.Grad : null]);
}
