using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>a * b elementwise with broadcasting.</summary>
    public static Tensor Mul(this Tensor a, Tensor b) =>
        // d/da (a b) = b, d/db (a b) = a
        Tensor.Record("mul", Elementwise.Binary("mul", BinaryOpKind.Mul, a, b), [a, b],
            (g, needs) => [needs[0] ? g * b : null, needs[1] ? g * a : null], saved: [a, b]);
}
