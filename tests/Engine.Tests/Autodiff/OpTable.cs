using Engine.Autodiff;
using Engine.Tensors;

namespace Engine.Tests.Autodiff;

/// <summary>One row of the op table: an op, its input shapes and domains, and its float64 reference.</summary>
public sealed record OpCase(string Name, int[][] Shapes, Func<Tensor[], Tensor> Op, Func<RefArray[], RefArray> Reference,
    (double Low, double High)[]? Domains = null)
{
    public (double Low, double High) Domain(int input) => Domains is null ? (-2, 2) : Domains[Math.Min(input, Domains.Length - 1)];
}

/// <summary>
/// The op table every backend runs: each row is checked forward against <see cref="RefArray"/>,
/// by GradCheck and by GradGradCheck, on contiguous inputs and on non-contiguous (transposed) views.
/// Shapes include broadcasting and size-1 dimensions.
/// </summary>
public static class OpTable
{
    private static readonly (double, double)[] Positive = [(0.5, 2.0)];

    private static OpCase Unary(string name, Func<Tensor, Tensor> op, Func<double, double> f, (double, double)[]? domain = null) =>
        new(name, [[3, 4]], x => op(x[0]), r => r[0].Map(f), domain);

    private static OpCase Binary(string name, int[] sa, int[] sb, Func<Tensor, Tensor, Tensor> op, Func<double, double, double> f,
        (double, double)[]? domains = null) =>
        new(name, [sa, sb], x => op(x[0], x[1]), r => RefArray.Zip(r[0], r[1], f), domains);

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    public static readonly OpCase[] Cases =
    [
        Unary("neg", x => -x, v => -v),
        Unary("exp", x => x.Exp(), Math.Exp),
        Unary("log", x => x.Log(), Math.Log, Positive),
        Unary("sqrt", x => x.Sqrt(), Math.Sqrt, Positive),
        Unary("abs", x => x.Abs(), Math.Abs),
        Unary("tanh", x => x.Tanh(), Math.Tanh),
        Unary("sigmoid", x => x.Sigmoid(), Sigmoid),
        Unary("relu", x => x.Relu(), v => Math.Max(v, 0)),
        Unary("leaky_relu", x => x.LeakyRelu(0.2), v => v > 0 ? v : 0.2 * v),
        Unary("softplus", x => x.Softplus(), v => Math.Log(1 + Math.Exp(v))),
        Unary("elu", x => x.Elu(0.7), v => v > 0 ? v : 0.7 * (Math.Exp(v) - 1)),
        Unary("clamp", x => x.Clamp(-0.5, 0.7), v => Math.Clamp(v, -0.5, 0.7)),
        Unary("pow_3", x => x.Pow(3.0), v => v * v * v),
        Unary("pow_-1.5", x => x.Pow(-1.5), v => Math.Pow(v, -1.5), Positive),
        Unary("square", x => x.Square(), v => v * v),
        Unary("add_scalar", x => x + 1.5, v => v + 1.5),
        Unary("rsub_scalar", x => 2.0 - x, v => 2.0 - v),
        Unary("rdiv_scalar", x => 3.0 / x, v => 3.0 / v, Positive),

        Binary("add", [2, 3, 4], [3, 1], (a, b) => a + b, (a, b) => a + b),
        Binary("sub", [3, 1], [2, 1, 4], (a, b) => a - b, (a, b) => a - b),
        Binary("mul", [2, 3, 4], [4], (a, b) => a * b, (a, b) => a * b),
        Binary("div", [3, 4], [3, 1], (a, b) => a / b, (a, b) => a / b, [(-2, 2), (0.5, 2)]),
        Binary("pow", [3, 4], [1, 4], (a, b) => a.Pow(b), Math.Pow, [(0.5, 2), (-1.5, 1.5)]),
        Binary("maximum", [3, 4], [4], (a, b) => a.Maximum(b), Math.Max),
        Binary("minimum", [1, 4], [3, 1], (a, b) => a.Minimum(b), Math.Min),
        new("where", [[3, 4], [3, 4], [4]], x => Ops.Where(x[0].Greater(Tensor.Scalar(0.0, x[0])), x[1], x[2]),
            r => RefArray.Zip3(r[0], r[1], r[2], (c, a, b) => c > 0 ? a : b)),

        new("sum_all", [[3, 4]], x => x[0].Sum(), r => r[0].Reduce(null, false, v => v.Sum())),
        new("sum_axis_keepdim", [[2, 3, 4]], x => x[0].Sum([1], keepDim: true), r => r[0].Reduce([1], true, v => v.Sum())),
        new("sum_axes", [[2, 3, 4]], x => x[0].Sum([0, 2]), r => r[0].Reduce([0, 2], false, v => v.Sum())),
        new("mean", [[3, 1, 4]], x => x[0].Mean([0, 1]), r => r[0].Reduce([0, 1], false, v => v.Average())),
        new("max_axis", [[3, 4]], x => x[0].Max(1), r => r[0].Reduce([1], false, v => v.Max())),
        new("max_all", [[2, 3, 2]], x => x[0].Max(), r => r[0].Reduce(null, false, v => v.Max())),

        new("reshape", [[3, 4]], x => x[0].Reshape(2, -1, 2) * x[0].Reshape(2, 3, 2), r => new RefArray(r[0].Data.Select(v => v * v).ToArray(), [2, 3, 2])),
        new("permute", [[2, 3, 4]], x => x[0].Permute(2, 0, 1), r => r[0].Permute([2, 0, 1])),
        new("transpose", [[3, 4]], x => x[0].Transpose() * 1.0, r => r[0].Permute([1, 0])),
        new("slice_step2", [[5, 4]], x => x[0].Slice(0, 1, 2, step: 2), r => r[0].Slice(0, 1, 2, 2)),
        new("slice_axis1", [[3, 6]], x => x[0].Slice(1, 2, 3), r => r[0].Slice(1, 2, 3, 1)),
        new("concat", [[2, 3], [2, 1], [2, 2]], x => Ops.Concat([x[0], x[1], x[2]], 1), r => RefArray.Concat(r, 1)),
        new("expand", [[3, 1]], x => x[0].Expand(2, 3, 4), r => r[0].Expand([2, 3, 4])),
        new("matmul", [[3, 4], [4, 2]], x => x[0].MatMul(x[1]), r => RefArray.MatMul(r[0], r[1])),
        new("matmul_batched_broadcast", [[2, 1, 3, 4], [3, 4, 2]], x => x[0].MatMul(x[1]), r => RefArray.MatMul(r[0], r[1])),
        new("norm_axes", [[2, 3, 4]], x => x[0].Norm([1, 2]), r => r[0].Reduce([1, 2], false, v => Math.Sqrt(v.Sum(t => t * t) + 1e-12))),
        Conv("conv2d_s1_p0", [1, 1, 5, 5], [2, 1, 3, 3], 1, 0, 1),
        Conv("conv2d_s2_p1_batch3", [3, 2, 5, 6], [2, 2, 3, 3], 2, 1, 1),
        Conv("conv2d_p2_nonsquare", [1, 2, 4, 5], [3, 2, 3, 2], 1, 2, 1),
        Conv("conv2d_dilation2", [1, 2, 7, 6], [2, 2, 2, 3], 1, 1, 2),
        Conv("conv2d_s2_dilation2_odd", [3, 1, 7, 7], [2, 1, 3, 3], 2, 2, 2),
        new("conv2d_bias", [[2, 2, 4, 4], [3, 2, 3, 3], [3]],
            x => x[0].Conv2d(x[1], x[2], new Conv2dGeometry(2, 2, 1, 1)),
            r => ConvReference.AddChannelBias(ConvReference.Conv2d(r[0], r[1], 2, 1, 1), r[2])),
        new("conv_transpose2d_s2_outpad1", [[2, 2, 3, 3], [2, 3, 3, 3], [3]],
            x => x[0].ConvTranspose2d(x[1], x[2], new Conv2dGeometry(2, 2, 1, 1), 1, 1),
            r => ConvReference.AddChannelBias(ConvReference.ConvTranspose2d(r[0], r[1], 2, 1, 1), r[2])),
        new("conv_transpose2d_s1_p0", [[1, 1, 3, 4], [1, 2, 2, 3]],
            x => x[0].ConvTranspose2d(x[1]),
            r => ConvReference.ConvTranspose2d(r[0], r[1], 1, 0, 0)),
        new("conv2d_grad_weight_s2_p1", [[2, 2, 5, 5], [2, 3, 3, 3]],
            x => Ops.Conv2dGradWeight(x[0], x[1], [3, 2, 3, 2], new Conv2dGeometry(2, 2, 1, 1)),
            r => ConvReference.Conv2dGradWeight(r[0], r[1], 3, 2, 2, 1)),
        new("conv2d_grad_input_s2_p1", [[2, 3, 3, 3], [3, 2, 3, 3]],
            x => Ops.Conv2dGradInput(x[0], x[1], [2, 2, 6, 6], new Conv2dGeometry(2, 2, 1, 1)),
            r => ConvReference.ConvTranspose2d(r[0], r[1], 2, 1, 1)),
        new("linear", [[3, 4], [2, 4], [2]], x => x[0].Linear(x[1], x[2]),
            r => RefArray.Zip(RefArray.MatMul(r[0], r[1].Permute([1, 0])), r[2], (a, b) => a + b)),
        new("layer_norm_1dim_affine", [[3, 5], [5], [5]], x => x[0].LayerNorm(1, x[1], x[2]),
            r => LayerNormReference(r[0], 1, r[1], r[2])),
        new("layer_norm_2dims_affine", [[2, 3, 2, 2], [2, 2], [2, 2]], x => x[0].LayerNorm(2, x[1], x[2]),
            r => LayerNormReference(r[0], 2, r[1], r[2])),
        new("layer_norm_2dims_plain", [[2, 2, 3]], x => x[0].LayerNorm(2), r => LayerNormReference(r[0], 2, null, null)),
        new("norm_all", [[3, 4]], x => x[0].Norm(), r => r[0].Reduce(null, false, v => Math.Sqrt(v.Sum(t => t * t) + 1e-12))),
    ];

    private static OpCase Conv(string name, int[] xs, int[] ws, int stride, int pad, int dilation) =>
        new(name, [xs, ws], x => x[0].Conv2d(x[1], geometry: new Conv2dGeometry(stride, stride, pad, pad, dilation, dilation)),
            r => ConvReference.Conv2d(r[0], r[1], stride, pad, dilation));

    private static RefArray LayerNormReference(RefArray x, int dims, RefArray? w, RefArray? b)
    {
        var d = x.Shape[^dims..].Aggregate(1, (p, q) => p * q);
        var y = new double[x.Numel];
        for (var r = 0; r < x.Numel / d; r++)
        {
            var row = x.Data.Skip(r * d).Take(d).ToArray();
            var mean = row.Average();
            var variance = row.Select(v => (v - mean) * (v - mean)).Average();
            for (var j = 0; j < d; j++)
                y[r * d + j] = (row[j] - mean) / Math.Sqrt(variance + 1e-5) * (w?.Data[j] ?? 1) + (b?.Data[j] ?? 0);
        }
        return new RefArray(y, x.Shape);
    }

    public static OpCase Get(string name) => Cases.Single(c => c.Name == name);

    public static IEnumerable<object[]> Names() => Cases.Select(c => new object[] { c.Name });
}
