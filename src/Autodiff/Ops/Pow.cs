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
            (g, _) => [p == 0 ? g * 0.0 : p == 1 ? g : g * (p * x.Pow(p - 1))], saved: [x]);
    }

    /// <summary>a^b elementwise with broadcasting (both differentiable).</summary>
    public static Tensor Pow(this Tensor a, Tensor b)
    {
        var y = Tensor.Record("pow", Elementwise.Binary("pow", BinaryOpKind.Pow, a, b), [a, b],
            (g, needs) => [
                // d/da a^b = b a^(b-1)
                needs[0] ? g * b * a.Pow(b - 1.0) : null,
                // d/db a^b = a^b ln a (defined for a > 0)
                needs[1] ? g * a.Pow(b) * a.Log() : null,
            ], saved: [a, b]);
        return y;
    }

    /// <summary>x * x.</summary>
    public static Tensor Square(this Tensor x) => x.Pow(2.0);
}
