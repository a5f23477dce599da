using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>x^p for a constant exponent p.</summary>
    public static Tensor Pow(this Tensor x, double p)
    {
        // d/dx x^p = p x^(p-1)
        // NOTE: p = 0 has derivative 0 everywhere (also at x = 0, where p x^-1 would be NaN).
        return Tensor.Record("pow", Elementwise.Unary(new UnaryOp(UnaryOpKind.PowScalar, p), x), [x],
            c => [p == 0 ? c.Grad * 0.0 : p == 1 ? c.Grad : c.Grad * (p * c.Input(0).Pow(p - 1))], Uses.Input0);
    }

    /// <summary>a^b elementwise with broadcasting (both differentiable).</summary>
    public static Tensor Pow(this Tensor a, Tensor b)
    {
        return Tensor.Record("pow", Elementwise.Binary("pow", BinaryOpKind.Pow, a, b), [a, b],
            c => [
                // d/da a^b = b a^(b-1)
                c.Needs(0) ? c.Grad * c.Input(1) * c.Input(0).Pow(c.Input(1) - 1.0) : null,
                // d/db a^b = a^b ln a (defined for a > 0)
                c.Needs(1) ? c.Grad * c.Result * c.Input(0).Log() : null,
            ], Uses.Input0 | Uses.Input1 | Uses.Result);
    }

    /// <summary>x * x.</summary>
    public static Tensor Square(this Tensor x) => x.Pow(2.0);
}
