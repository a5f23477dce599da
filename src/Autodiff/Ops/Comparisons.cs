using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    // Comparisons and masks are piecewise constant: they return 0/1 tensors that never require grad.

    /// <summary>a &gt; b ? 1 : 0 (no gradient).</summary>
    public static Tensor Greater(this Tensor a, Tensor b) => Tensor.Constant("greater", Elementwise.Binary("greater", BinaryOpKind.Greater, a, b), a, b);

    /// <summary>a &gt;= b ? 1 : 0 (no gradient).</summary>
    public static Tensor GreaterEqual(this Tensor a, Tensor b) => Tensor.Constant("greater_equal", Elementwise.Binary("greater_equal", BinaryOpKind.GreaterEqual, a, b), a, b);

    /// <summary>a &lt; b ? 1 : 0 (no gradient).</summary>
    public static Tensor Less(this Tensor a, Tensor b) => Tensor.Constant("less", Elementwise.Binary("less", BinaryOpKind.Less, a, b), a, b);

    /// <summary>a == b ? 1 : 0 (no gradient).</summary>
    public static Tensor EqualTo(this Tensor a, Tensor b) => Tensor.Constant("equal", Elementwise.Binary("equal", BinaryOpKind.Equal, a, b), a, b);

    /// <summary>sign(x) in {-1, 0, 1} (no gradient).</summary>
    public static Tensor Sign(this Tensor x) => Elementwise.Mask(new UnaryOp(UnaryOpKind.Sign), x);

    /// <summary>Elementwise maximum of a and b (gradient to the larger; ties split to a).</summary>
    public static Tensor Maximum(this Tensor a, Tensor b) => Where(a.GreaterEqual(b), a, b);

    /// <summary>Elementwise minimum of a and b (gradient to the smaller; ties split to a).</summary>
    public static Tensor Minimum(this Tensor a, Tensor b) => Where(b.GreaterEqual(a), a, b);
}
