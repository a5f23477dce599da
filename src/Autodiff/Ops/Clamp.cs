using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>min(max(x, low), high).</summary>
    public static Tensor Clamp(this Tensor x, double low, double high)
    {
        if (low > high) throw new ArgumentException($"clamp: low {low} is greater than high {high}");
        // d/dx clamp(x) = [low <= x <= high]
        // NOTE: at the bounds the gradient passes (1), as in PyTorch.
        return Tensor.Record("clamp", Elementwise.Unary(new UnaryOp(UnaryOpKind.Clamp, low, high), x), [x],
            c => [c.Grad * Elementwise.Mask(new UnaryOp(UnaryOpKind.InRange, low, high), c.Input(0))], Uses.Input0);
    }
}
