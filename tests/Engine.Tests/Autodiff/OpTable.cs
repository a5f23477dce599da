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
    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>x W^T (+ b) with x [..., in] as a batch of rows.</summary>
    private static RefArray LinearReference(RefArray x, RefArray w, RefArray? b)
    {
        var y = RefArray.MatMul(x, w.Permute([1, 0]));
        return b is null ? y : RefArray.Zip(y, b, (a, c) => a + c);
    }

    /// <summary>The float64 reference of each <see cref="OpCatalog"/> row, by name.</summary>
    private static readonly Dictionary<string, Func<RefArray[], RefArray>> References = new()
    {
        ["neg"] = r => r[0].Map(v => -v),
        ["exp"] = r => r[0].Map(Math.Exp),
        ["log"] = r => r[0].Map(Math.Log),
        ["sqrt"] = r => r[0].Map(Math.Sqrt),
        ["abs"] = r => r[0].Map(Math.Abs),
        ["tanh"] = r => r[0].Map(Math.Tanh),
        ["sigmoid"] = r => r[0].Map(Sigmoid),
        ["relu"] = r => r[0].Map(v => Math.Max(v, 0)),
        ["leaky_relu"] = r => r[0].Map(v => v > 0 ? v : 0.2 * v),
        ["softplus"] = r => r[0].Map(v => Math.Log(1 + Math.Exp(v))),
        ["elu"] = r => r[0].Map(v => v > 0 ? v : 0.7 * (Math.Exp(v) - 1)),
        ["clamp"] = r => r[0].Map(v => Math.Clamp(v, -0.5, 0.7)),
        ["pow_3"] = r => r[0].Map(v => v * v * v),
        ["pow_-1.5"] = r => r[0].Map(v => Math.Pow(v, -1.5)),
        ["square"] = r => r[0].Map(v => v * v),
        ["add_scalar"] = r => r[0].Map(v => v + 1.5),
        ["rsub_scalar"] = r => r[0].Map(v => 2.0 - v),
        ["rdiv_scalar"] = r => r[0].Map(v => 3.0 / v),
        ["add"] = r => RefArray.Zip(r[0], r[1], (a, b) => a + b),
        ["sub"] = r => RefArray.Zip(r[0], r[1], (a, b) => a - b),
        ["mul"] = r => RefArray.Zip(r[0], r[1], (a, b) => a * b),
        ["div"] = r => RefArray.Zip(r[0], r[1], (a, b) => a / b),
        ["pow"] = r => RefArray.Zip(r[0], r[1], Math.Pow),
        ["maximum"] = r => RefArray.Zip(r[0], r[1], Math.Max),
        ["minimum"] = r => RefArray.Zip(r[0], r[1], Math.Min),
        ["where"] = r => RefArray.Zip3(r[0], r[1], r[2], (c, a, b) => c > 0 ? a : b),
        ["sum_all"] = r => r[0].Reduce(null, false, v => v.Sum()),
        ["sum_axis_keepdim"] = r => r[0].Reduce([1], true, v => v.Sum()),
        ["sum_axes"] = r => r[0].Reduce([0, 2], false, v => v.Sum()),
        ["mean"] = r => r[0].Reduce([0, 1], false, v => v.Average()),
        ["max_axis"] = r => r[0].Reduce([1], false, v => v.Max()),
        ["max_all"] = r => r[0].Reduce(null, false, v => v.Max()),
        ["reshape"] = r => new RefArray(r[0].Data.Select(v => v * v).ToArray(), [2, 3, 2]),
        ["permute"] = r => r[0].Permute([2, 0, 1]),
        ["transpose"] = r => r[0].Permute([1, 0]),
        ["slice_step2"] = r => r[0].Slice(0, 1, 2, 2),
        ["slice_axis1"] = r => r[0].Slice(1, 2, 3, 1),
        ["concat"] = r => RefArray.Concat(r, 1),
        ["expand"] = r => r[0].Expand([2, 3, 4]),
        ["matmul"] = r => RefArray.MatMul(r[0], r[1]),
        ["matmul_batched_broadcast"] = r => RefArray.MatMul(r[0], r[1]),
        ["norm_axes"] = r => r[0].Reduce([1, 2], false, v => Math.Sqrt(v.Sum(t => t * t) + 1e-12)),
        ["conv2d_s1_p0"] = r => ConvReference.Conv2d(r[0], r[1], 1, 0, 1),
        ["conv2d_s2_p1_batch3"] = r => ConvReference.Conv2d(r[0], r[1], 2, 1, 1),
        ["conv2d_p2_nonsquare"] = r => ConvReference.Conv2d(r[0], r[1], 1, 2, 1),
        ["conv2d_dilation2"] = r => ConvReference.Conv2d(r[0], r[1], 1, 1, 2),
        ["conv2d_s2_dilation2_odd"] = r => ConvReference.Conv2d(r[0], r[1], 2, 2, 2),
        ["conv2d_bias"] = r => ConvReference.AddChannelBias(ConvReference.Conv2d(r[0], r[1], 2, 1, 1), r[2]),
        ["conv_transpose2d_s2_outpad1"] = r => ConvReference.AddChannelBias(ConvReference.ConvTranspose2d(r[0], r[1], 2, 1, 1), r[2]),
        ["conv_transpose2d_s1_p0"] = r => ConvReference.ConvTranspose2d(r[0], r[1], 1, 0, 0),
        ["conv2d_grad_weight_s2_p1"] = r => ConvReference.Conv2dGradWeight(r[0], r[1], 3, 2, 2, 1),
        ["conv2d_grad_input_s2_p1"] = r => ConvReference.ConvTranspose2d(r[0], r[1], 2, 1, 1),
        ["linear"] = r => LinearReference(r[0], r[1], r[2]),
        ["linear_nobias_batched"] = r => LinearReference(r[0], r[1], null),
        ["linear_relu"] = r => LinearReference(r[0], r[1], r[2]).Map(v => Math.Max(v, 0)),
        ["linear_leaky_relu_batched"] = r => LinearReference(r[0], r[1], r[2]).Map(v => v > 0 ? v : 0.2 * v),
        ["linear_leaky_relu_negative_slope"] = r => LinearReference(r[0], r[1], r[2]).Map(v => v > 0 ? v : -0.5 * v),
        ["conv2d_bias_relu"] = r => ConvReference.AddChannelBias(ConvReference.Conv2d(r[0], r[1], 1, 1, 1), r[2]).Map(v => Math.Max(v, 0)),
        ["conv2d_bias_leaky_relu_s2"] = r => ConvReference.AddChannelBias(ConvReference.Conv2d(r[0], r[1], 2, 1, 1), r[2]).Map(v => v > 0 ? v : 0.2 * v),
        ["conv2d_leaky_relu_nobias"] = r => ConvReference.Conv2d(r[0], r[1], 1, 1, 1).Map(v => v > 0 ? v : 0.2 * v),
        ["layer_norm_1dim_affine"] = r => LayerNormReference(r[0], 1, r[1], r[2]),
        ["layer_norm_2dims_affine"] = r => LayerNormReference(r[0], 2, r[1], r[2]),
        ["layer_norm_2dims_plain"] = r => LayerNormReference(r[0], 2, null, null),
        ["norm_all"] = r => r[0].Reduce(null, false, v => Math.Sqrt(v.Sum(t => t * t) + 1e-12)),
    };

    public static readonly OpCase[] Cases = OpCatalog.All
        .Select(s => new OpCase(s.Name, s.Shapes, s.Op,
            References.TryGetValue(s.Name, out var reference) ? reference : throw new InvalidOperationException($"op table: no reference for '{s.Name}'"),
            s.Domains))
        .ToArray();

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
