using Engine.Tensors;

namespace Engine.Autodiff;

/// <summary>One differentiable op at fixed input shapes, with the input range it is defined on (default [-2, 2]).</summary>
/// <param name="Name">Row name, e.g. "conv2d_s2_p1_batch3".</param>
/// <param name="Shapes">The input shapes, with broadcasting and size-1 dimensions where the op allows them.</param>
/// <param name="Op">The op applied to the inputs.</param>
/// <param name="Domains">Per-input (low, high) ranges for random inputs; the last entry repeats.</param>
public sealed record OpSpec(string Name, int[][] Shapes, Func<Tensor[], Tensor> Op, (double Low, double High)[]? Domains = null)
{
    /// <summary>The range random values of input <paramref name="input"/> are drawn from.</summary>
    public (double Low, double High) Domain(int input) => Domains is null ? (-2, 2) : Domains[Math.Min(input, Domains.Length - 1)];
}

/// <summary>
/// Every differentiable op of the engine as one row: elementwise, reductions, shape ops, matmul,
/// conv2d (with stride, padding, dilation, bias, a fused activation), conv-transpose, the conv
/// gradient ops, linear (with a fused bias and activation),
/// layer norm and norm. The test suite runs each row on every backend against a float64 reference,
/// by GradCheck and by GradGradCheck; <c>engine selftest</c> runs the same rows on a device against the CPU.
/// </summary>
public static class OpCatalog
{
    private static readonly (double, double)[] Positive = [(0.5, 2.0)];

    private static OpSpec Unary(string name, Func<Tensor, Tensor> op, (double, double)[]? domain = null) =>
        new(name, [[3, 4]], x => op(x[0]), domain);

    private static OpSpec Binary(string name, int[] sa, int[] sb, Func<Tensor, Tensor, Tensor> op, (double, double)[]? domains = null) =>
        new(name, [sa, sb], x => op(x[0], x[1]), domains);

    private static OpSpec Conv(string name, int[] xs, int[] ws, int stride, int pad, int dilation) =>
        new(name, [xs, ws], x => x[0].Conv2d(x[1], geometry: new Conv2dGeometry(stride, stride, pad, pad, dilation, dilation)));

    /// <summary>All rows.</summary>
    public static readonly OpSpec[] All =
    [
        Unary("neg", x => -x),
        Unary("exp", x => x.Exp()),
        Unary("log", x => x.Log(), Positive),
        Unary("sqrt", x => x.Sqrt(), Positive),
        Unary("abs", x => x.Abs()),
        Unary("tanh", x => x.Tanh()),
        Unary("sigmoid", x => x.Sigmoid()),
        Unary("relu", x => x.Relu()),
        Unary("leaky_relu", x => x.LeakyRelu(0.2)),
        Unary("softplus", x => x.Softplus()),
        Unary("elu", x => x.Elu(0.7)),
        Unary("clamp", x => x.Clamp(-0.5, 0.7)),
        Unary("pow_3", x => x.Pow(3.0)),
        Unary("pow_-1.5", x => x.Pow(-1.5), Positive),
        Unary("square", x => x.Square()),
        Unary("add_scalar", x => x + 1.5),
        Unary("rsub_scalar", x => 2.0 - x),
        Unary("rdiv_scalar", x => 3.0 / x, Positive),
        Binary("add", [2, 3, 4], [3, 1], (a, b) => a + b),
        Binary("sub", [3, 1], [2, 1, 4], (a, b) => a - b),
        Binary("mul", [2, 3, 4], [4], (a, b) => a * b),
        Binary("div", [3, 4], [3, 1], (a, b) => a / b, [(-2, 2), (0.5, 2)]),
        Binary("pow", [3, 4], [1, 4], (a, b) => a.Pow(b), [(0.5, 2), (-1.5, 1.5)]),
        Binary("maximum", [3, 4], [4], (a, b) => a.Maximum(b)),
        Binary("minimum", [1, 4], [3, 1], (a, b) => a.Minimum(b)),
        new("where", [[3, 4], [3, 4], [4]], x => Ops.Where(x[0].Greater(Tensor.Scalar(0.0, x[0])), x[1], x[2])),
        new("sum_all", [[3, 4]], x => x[0].Sum()),
        new("sum_axis_keepdim", [[2, 3, 4]], x => x[0].Sum([1], keepDim: true)),
        new("sum_axes", [[2, 3, 4]], x => x[0].Sum([0, 2])),
        new("mean", [[3, 1, 4]], x => x[0].Mean([0, 1])),
        new("max_axis", [[3, 4]], x => x[0].Max(1)),
        new("max_all", [[2, 3, 2]], x => x[0].Max()),
        new("reshape", [[3, 4]], x => x[0].Reshape(2, -1, 2) * x[0].Reshape(2, 3, 2)),
        new("permute", [[2, 3, 4]], x => x[0].Permute(2, 0, 1)),
        new("transpose", [[3, 4]], x => x[0].Transpose() * 1.0),
        new("slice_step2", [[5, 4]], x => x[0].Slice(0, 1, 2, step: 2)),
        new("slice_axis1", [[3, 6]], x => x[0].Slice(1, 2, 3)),
        new("concat", [[2, 3], [2, 1], [2, 2]], x => Ops.Concat([x[0], x[1], x[2]], 1)),
        new("expand", [[3, 1]], x => x[0].Expand(2, 3, 4)),
        new("matmul", [[3, 4], [4, 2]], x => x[0].MatMul(x[1])),
        new("matmul_batched_broadcast", [[2, 1, 3, 4], [3, 4, 2]], x => x[0].MatMul(x[1])),
        new("norm_axes", [[2, 3, 4]], x => x[0].Norm([1, 2])),
        Conv("conv2d_s1_p0", [1, 1, 5, 5], [2, 1, 3, 3], 1, 0, 1),
        Conv("conv2d_s2_p1_batch3", [3, 2, 5, 6], [2, 2, 3, 3], 2, 1, 1),
        Conv("conv2d_p2_nonsquare", [1, 2, 4, 5], [3, 2, 3, 2], 1, 2, 1),
        Conv("conv2d_dilation2", [1, 2, 7, 6], [2, 2, 2, 3], 1, 1, 2),
        Conv("conv2d_s2_dilation2_odd", [3, 1, 7, 7], [2, 1, 3, 3], 2, 2, 2),
        new("conv2d_bias", [[2, 2, 4, 4], [3, 2, 3, 3], [3]], x => x[0].Conv2d(x[1], x[2], new Conv2dGeometry(2, 2, 1, 1))),
        new("conv_transpose2d_s2_outpad1", [[2, 2, 3, 3], [2, 3, 3, 3], [3]], x => x[0].ConvTranspose2d(x[1], x[2], new Conv2dGeometry(2, 2, 1, 1), 1, 1)),
        new("conv_transpose2d_s1_p0", [[1, 1, 3, 4], [1, 2, 2, 3]], x => x[0].ConvTranspose2d(x[1])),
        new("conv2d_grad_weight_s2_p1", [[2, 2, 5, 5], [2, 3, 3, 3]], x => Ops.Conv2dGradWeight(x[0], x[1], [3, 2, 3, 2], new Conv2dGeometry(2, 2, 1, 1))),
        new("conv2d_grad_input_s2_p1", [[2, 3, 3, 3], [3, 2, 3, 3]], x => Ops.Conv2dGradInput(x[0], x[1], [2, 2, 6, 6], new Conv2dGeometry(2, 2, 1, 1))),
        new("linear", [[3, 4], [2, 4], [2]], x => x[0].Linear(x[1], x[2])),
        new("linear_nobias_batched", [[2, 3, 4], [2, 4]], x => x[0].Linear(x[1])),
        new("linear_relu", [[3, 4], [5, 4], [5]], x => x[0].Linear(x[1], x[2], new UnaryOp(UnaryOpKind.Relu))),
        new("linear_leaky_relu_batched", [[2, 3, 4], [2, 4], [2]], x => x[0].Linear(x[1], x[2], new UnaryOp(UnaryOpKind.LeakyRelu, 0.2))),
        new("linear_leaky_relu_negative_slope", [[3, 4], [2, 4], [2]], x => x[0].Linear(x[1], x[2], new UnaryOp(UnaryOpKind.LeakyRelu, -0.5))),
        new("conv2d_bias_relu", [[2, 2, 4, 4], [3, 2, 3, 3], [3]], x => x[0].Conv2d(x[1], x[2], new Conv2dGeometry(1, 1, 1, 1), new UnaryOp(UnaryOpKind.Relu))),
        new("conv2d_bias_leaky_relu_s2", [[2, 2, 5, 5], [3, 2, 3, 3], [3]], x => x[0].Conv2d(x[1], x[2], new Conv2dGeometry(2, 2, 1, 1), new UnaryOp(UnaryOpKind.LeakyRelu, 0.2))),
        new("conv2d_leaky_relu_nobias", [[1, 2, 4, 4], [2, 2, 3, 3]], x => x[0].Conv2d(x[1], null, new Conv2dGeometry(1, 1, 1, 1), new UnaryOp(UnaryOpKind.LeakyRelu, 0.2))),
        new("layer_norm_1dim_affine", [[3, 5], [5], [5]], x => x[0].LayerNorm(1, x[1], x[2])),
        new("layer_norm_2dims_affine", [[2, 3, 2, 2], [2, 2], [2, 2]], x => x[0].LayerNorm(2, x[1], x[2])),
        new("layer_norm_2dims_plain", [[2, 2, 3]], x => x[0].LayerNorm(2)),
        new("norm_all", [[3, 4]], x => x[0].Norm()),
    ];

    /// <summary>The row named <paramref name="name"/>.</summary>
    public static OpSpec Get(string name) =>
        All.SingleOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"op catalog: no row named '{name}'");
}
