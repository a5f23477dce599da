using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>x &gt; 0 ? x : slope * x (WGAN-GP's critics use slope 0.2).</summary>
    public static Tensor LeakyRelu(this Tensor x, double slope = 0.01) =>
        // d/dx leaky_relu(x) = x > 0 ? 1 : slope
        // NOTE: the derivative at 0 is taken as slope.
        Tensor.Record("leaky_relu", Elementwise.Unary(new UnaryOp(UnaryOpKind.LeakyRelu, slope), x), [x],
            c => [c.Grad * Elementwise.Mask(new UnaryOp(UnaryOpKind.LeakyReluSlope, slope), c.Input(0))], Uses.Input0);
}
