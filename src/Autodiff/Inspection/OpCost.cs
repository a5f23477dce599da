using Engine.Tensors;

namespace Engine.Autodiff.Inspection;

/// <summary>
/// The modelled cost of one op, from shapes only (never from timing or data). Conventions, all in
/// <see cref="Estimate"/>'s one table:
/// <list type="bullet">
/// <item>Elementwise ops (add, mul, tanh, where, comparisons, masks, ...): 1 FLOP per output
/// element. Transcendentals (exp, log, tanh, sigmoid, softplus, elu, pow, sqrt) also count 1: the
/// model compares passes, and a per-function constant would only rescale them.</item>
/// <item>Reductions (sum, max): 1 FLOP per input element.</item>
/// <item>matmul: 2 M N K per batch element, i.e. 2 * numel(output) * K with K the last dimension of
/// input 0.</item>
/// <item>The fused ops count what their unfused chain would: linear is matmul (2 numel(output) K)
/// plus 1 per output element for the bias; conv2d with a bias adds 1 per output element; a fused
/// activation (linear_relu, conv2d_leaky_relu, ...) 1 more.</item>
/// <item>conv2d, conv2d_grad_input, conv2d_grad_weight: 2 N O Ho Wo C kH kW each, read from the
/// shapes at hand: conv2d from its output [N, O, Ho, Wo] and weight [O, C, kH, kW];
/// conv2d_grad_input from its input gy [N, O, Ho, Wo] and weight; conv2d_grad_weight from its
/// input gy and its output [O, C, kH, kW].</item>
/// <item>layer_norm: 8 FLOPs per element (mean, centre, square, sum, scale, affine);
/// layer_norm_backward (the fused kernel): 12 per element.</item>
/// <item>Views (reshape, permute, expand, slice) that share their input's buffer: 0 FLOPs and 0
/// bytes. Copies (a reshape of a non-contiguous input, concat, slice_backward, to, cast): 0 FLOPs.</item>
/// <item>Unknown ops are modelled as elementwise.</item>
/// </list>
/// Bytes: every element of every input read once (as stored: a broadcast input counts its own
/// elements, not the expanded ones) plus every output element written once, at the output's
/// element size (a cast counts its input at that size too). Scratch memory is not modelled.
/// </summary>
/// <param name="Flops">Floating-point operations.</param>
/// <param name="Bytes">Bytes read from inputs plus bytes written to outputs.</param>
public readonly record struct OpCost(long Flops, long Bytes)
{
    /// <summary>FLOPs per element of the layer_norm forward.</summary>
    public const int LayerNormFlopsPerElement = 8;

    /// <summary>FLOPs per element of the fused layer_norm_backward.</summary>
    public const int LayerNormBackwardFlopsPerElement = 12;

    /// <summary>
    /// The cost of <paramref name="op"/> with these input and output shapes and element type.
    /// <paramref name="outputIsView"/> says the output shares an input's buffer (nothing copied).
    /// </summary>
    public static OpCost Estimate(string op, IReadOnlyList<int[]> inputShapes, IReadOnlyList<int[]> outputShapes, DType dtype, bool outputIsView = false)
    {
        long size = dtype.SizeOf();
        long inputs = 0, outputs = 0;
        foreach (var s in inputShapes) inputs += Numel(s);
        foreach (var s in outputShapes) outputs += Numel(s);
        var output = outputShapes.Count > 0 ? Numel(outputShapes[0]) : 0;
        var memory = (inputs + outputs) * size;

        long flops = op switch
        {
            "reshape" or "permute" or "expand" or "slice" or "slice_backward" or "concat" or "to" or "cast" => 0,
            "sum" or "max" => inputShapes.Count > 0 ? Numel(inputShapes[0]) : 0,
            "matmul" => 2 * output * Last(inputShapes, 0),
            "linear" => 2 * output * Last(inputShapes, 0) + BiasFlops(inputShapes, output),
            "linear_relu" or "linear_leaky_relu" => 2 * output * Last(inputShapes, 0) + BiasFlops(inputShapes, output) + output,
            // 2 N O Ho Wo C kH kW: (N O Ho Wo) is the conv output or gy; (C kH kW) is the weight's row.
            "conv2d" => 2 * output * RowOf(inputShapes, 1) + BiasFlops(inputShapes, output),
            "conv2d_relu" or "conv2d_leaky_relu" => 2 * output * RowOf(inputShapes, 1) + BiasFlops(inputShapes, output) + output,
            "conv2d_grad_input" => 2 * Numel(inputShapes[0]) * RowOf(inputShapes, 1),
            "conv2d_grad_weight" => 2 * Numel(inputShapes[1]) * RowOf(outputShapes, 0),
            "layer_norm" => LayerNormFlopsPerElement * output,
            "layer_norm_backward" => LayerNormBackwardFlopsPerElement * output,
            _ => output,
        };
        var isView = outputIsView && op is "reshape" or "permute" or "expand" or "slice";
        return new OpCost(flops, isView ? 0 : memory);
    }

    private static long Numel(int[] shape)
    {
        long n = 1;
        foreach (var d in shape) n *= d;
        return n;
    }

    /// <summary>One add per output element when the fused op has a bias (its third input).</summary>
    private static long BiasFlops(IReadOnlyList<int[]> shapes, long output) => shapes.Count > 2 ? output : 0;

    private static long Last(IReadOnlyList<int[]> shapes, int i) => shapes.Count > i && shapes[i].Length > 0 ? shapes[i][^1] : 0;

    /// <summary>Elements per first-dimension row: C kH kW of a weight [O, C, kH, kW].</summary>
    private static long RowOf(IReadOnlyList<int[]> shapes, int i) =>
        shapes.Count > i && shapes[i].Length > 0 && shapes[i][0] > 0 ? Numel(shapes[i]) / shapes[i][0] : 0;
}
