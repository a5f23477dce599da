using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>Square root.</summary>
    public static Tensor Sqrt(this Tensor x)
    {
        Tensor? y = null;
        // d/dx sqrt(x) = 1 / (2 sqrt(x))
        y = Tensor.Record("sqrt", Elementwise.Unary(new UnaryOp(UnaryOpKind.Sqrt), x), [x], (g, _) => [g / (y! * 2.0)]);
        return y;
    }
}
