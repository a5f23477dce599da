using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>Square root.</summary>
    public static Tensor Sqrt(this Tensor x)
    {
        // d/dx sqrt(x) = 1 / (2 sqrt(x))
        return Tensor.Record("sqrt", Elementwise.Unary(new UnaryOp(UnaryOpKind.Sqrt), x), [x], c => [c.Grad / (c.Result * 2.0)], Uses.Result);
    }
}
