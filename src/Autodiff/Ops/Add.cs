using Engine.Tensors;

namespace Engine.Autodiff;

/// <summary>Differentiable tensor operations. One file per op: forward plus a backward rule in tensor ops.</summary>
public static partial class Ops
{
    /// <summary>a + b with broadcasting.</summary>
    public static Tensor Add(this Tensor a, Tensor b) =>
        // d/da (a + b) = 1, d/db (a + b) = 1 (the engine sums over broadcast dimensions)
        Tensor.Record("add", Elementwise.Binary("add", BinaryOpKind.Add, a, b), [a, b], c => [c.Grad, c.Grad]);
}
