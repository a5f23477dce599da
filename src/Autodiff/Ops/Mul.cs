using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>a * b elementwise with broadcasting.</summary>
    public static Tensor Mul(this Tensor a, Tensor b) =>
        // d/da (a b) = b, d/db (a b) = a
        Tensor.Record("mul", Elementwise.Binary("mul", BinaryOpKind.Mul, a, b), [a, b],
            c => [c.Needs(0) ? c.Grad * c.Input(1) : null, c.Needs(1) ? c.Grad * c.Input(0) : null], Uses.Input0 | Uses.Input1);
}
