using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>Natural logarithm.</summary>
    public static Tensor Log(this Tensor x) =>
        // d/dx ln x = 1 / x
        Tensor.Record("log", Elementwise.Unary(new UnaryOp(UnaryOpKind.Log), x), [x], c => [c.Grad / c.Input(0)], Uses.Input0);
}
