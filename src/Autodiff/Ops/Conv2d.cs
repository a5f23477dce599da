using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// 2-D convolution (cross-correlation), NCHW: x [N, C, H, W], weight [O, C, kH, kW] (PyTorch's
    /// layout), optional bias [O], optional activation (Relu, or LeakyRelu with a slope &gt;= 0). Geometry
    /// defaults to stride 1, no padding, dilation 1. The bias and the activation are applied by the
    /// conv kernel itself (in its GEMM's epilogue): one op, one output array.
    /// </summary>
    public static Tensor Conv2d(this Tensor x, Tensor weight, Tensor? bias = null, Conv2dGeometry? geometry = null, UnaryOp? activation = null)
    {
        var g = geometry ?? new Conv2dGeometry();
        if (bias is null && activation is null) return Conv2dCore(x, weight, g);
        if (activation is { } act && !FusesAfterLinear(act)) return ActivationOf(x.Conv2d(weight, bias, g), act);
        var (n, o, ho, wo) = ConvOutputShape("conv2d", x, weight, g);
        if (bias is not null)
        {
            Elementwise.CheckCompatible("conv2d", x, bias);
            if (bias.Rank != 1 || bias.Shape[0] != o)
                throw new ShapeMismatchException($"conv2d: bias {bias.ShapeString} does not match weight {weight.ShapeString} (expected bias [{o}])");
        }
        var y = NDArray.Empty(x.Backend, x.DType, n, o, ho, wo);
        x.Backend.Conv2dForward(x.Data.Contiguous(), weight.Data.Contiguous(), y, g, new Epilogue(bias?.Data.Contiguous(), activation));
        var inputShape = x.Shape;
        var weightShape = weight.Shape;
        // z = conv(x, w) + b, y = act(z): dz = g act'(z), then conv's own gradients of dz; db = dz summed over N, H, W
        // NOTE: act'(z) is read from y as a constant mask (y > 0 exactly when z > 0, for relu and a slope >= 0).
        return Tensor.Record(activation is { } a ? $"conv2d_{SnakeName(a)}" : "conv2d", y, [x, weight, bias], c =>
        {
            var gz = activation is { } fused ? c.Grad * Elementwise.Mask(MaskOf(fused), c.Result) : c.Grad;
            return [
                c.Needs(0) ? Conv2dGradInput(gz, c.Input(1), inputShape, g) : null,
                c.Needs(1) ? Conv2dGradWeight(c.Input(0), gz, weightShape, g) : null,
                c.Needs(2) ? gz.Sum([0, 2, 3]) : null,
            ];
        }, Uses.Input0 | Uses.Input1 | (activation is null ? Uses.None : Uses.Result));
    }

    /// <summary>
    /// The conv2d family without bias. Each member's rule names the family again, so derivatives of
    /// every order stay convolutions: conv -> (grad-input, grad-weight) -> (conv, grad-weight, grad-input).
    /// </summary>
    private static Tensor Conv2dCore(Tensor x, Tensor w, Conv2dGeometry g)
    {
        var (n, o, ho, wo) = ConvOutputShape("conv2d", x, w, g);
        var y = NDArray.Empty(x.Backend, x.DType, n, o, ho, wo);
        x.Backend.Conv2dForward(x.Data.Contiguous(), w.Data.Contiguous(), y, g);
        // d/dx conv(x, w) = conv_transpose(g, w); d/dw conv(x, w) = correlation of x with g
        var inputShape = x.Shape;
        var weightShape = w.Shape;
        return Tensor.Record("conv2d", y, [x, w], c => [
            c.Needs(0) ? Conv2dGradInput(c.Grad, c.Input(1), inputShape, g) : null,
            c.Needs(1) ? Conv2dGradWeight(c.Input(0), c.Grad, weightShape, g) : null,
        ], Uses.Input0 | Uses.Input1);
    }

    /// <summary>Gradient of conv2d with respect to its input (a transposed convolution) into <paramref name="inputShape"/>.</summary>
    public static Tensor Conv2dGradInput(Tensor gy, Tensor w, int[] inputShape, Conv2dGeometry g)
    {
        Elementwise.CheckCompatible("conv2d_grad_input", gy, w);
        var gx = NDArray.Empty(gy.Backend, gy.DType, inputShape);
        gy.Backend.Conv2dGradInput(gy.Data.Contiguous(), w.Data.Contiguous(), gx, g);
        // linear in (gy, w): <G, gi(gy, w)> = <conv(G, w), gy> = <gw(G, gy), w>
        var weightShape = w.Shape;
        return Tensor.Record("conv2d_grad_input", gx, [gy, w], c => [
            c.Needs(0) ? Conv2dCore(c.Grad, c.Input(1), g) : null,
            c.Needs(1) ? Conv2dGradWeight(c.Grad, c.Input(0), weightShape, g) : null,
        ], Uses.Input0 | Uses.Input1);
    }

    /// <summary>Gradient of conv2d with respect to its weight, of shape <paramref name="weightShape"/>.</summary>
    public static Tensor Conv2dGradWeight(Tensor x, Tensor gy, int[] weightShape, Conv2dGeometry g)
    {
        Elementwise.CheckCompatible("conv2d_grad_weight", x, gy);
        var gw = NDArray.Empty(x.Backend, x.DType, weightShape);
        x.Backend.Conv2dGradWeight(x.Data.Contiguous(), gy.Data.Contiguous(), gw, g);
        // linear in (x, gy): <G, gw(x, gy)> = <conv(x, G), gy> = <x, gi(gy, G)>
        var inputShape = x.Shape;
        return Tensor.Record("conv2d_grad_weight", gw, [x, gy], c => [
            c.Needs(0) ? Conv2dGradInput(c.Input(1), c.Grad, inputShape, g) : null,
            c.Needs(1) ? Conv2dCore(c.Input(0), c.Grad, g) : null,
        ], Uses.Input0 | Uses.Input1);
    }

    /// <summary>
    /// Transposed 2-D convolution: x [N, Cin, H, W], weight [Cin, Cout, kH, kW] (PyTorch's layout),
    /// output height (H - 1) stride - 2 pad + dilation (kH - 1) + outputPadding + 1. It is conv2d's
    /// grad-input, so it shares that op's kernels and rules.
    /// </summary>
    public static Tensor ConvTranspose2d(this Tensor x, Tensor weight, Tensor? bias = null, Conv2dGeometry? geometry = null,
        int outputPaddingH = 0, int outputPaddingW = 0)
    {
        var g = geometry ?? new Conv2dGeometry();
        if (x.Rank != 4 || weight.Rank != 4 || x.Shape[1] != weight.Shape[0])
            throw new ShapeMismatchException(
                $"conv_transpose2d: input {x.ShapeString} and weight {weight.ShapeString} do not match (expected [N, Cin, H, W] and [Cin, Cout, kH, kW])");
        if (outputPaddingH < 0 || outputPaddingW < 0 || outputPaddingH >= Math.Max(g.StrideH, g.DilationH) || outputPaddingW >= Math.Max(g.StrideW, g.DilationW))
            throw new ArgumentException(
                $"conv_transpose2d: output padding ({outputPaddingH}, {outputPaddingW}) must be smaller than stride ({g.StrideH}, {g.StrideW}) or dilation ({g.DilationH}, {g.DilationW})");
        var h = (x.Shape[2] - 1) * g.StrideH - 2 * g.PadH + g.DilationH * (weight.Shape[2] - 1) + outputPaddingH + 1;
        var wd = (x.Shape[3] - 1) * g.StrideW - 2 * g.PadW + g.DilationW * (weight.Shape[3] - 1) + outputPaddingW + 1;
        if (h <= 0 || wd <= 0)
            throw new ShapeMismatchException($"conv_transpose2d: input {x.ShapeString} with weight {weight.ShapeString} gives an empty output ({h} x {wd})");
        var y = Conv2dGradInput(x, weight, [x.Shape[0], weight.Shape[1], h, wd], g);
        return bias is null ? y : y + bias.Reshape(1, -1, 1, 1);
    }

    private static (int N, int O, int Ho, int Wo) ConvOutputShape(string op, Tensor x, Tensor w, Conv2dGeometry g)
    {
        Elementwise.CheckCompatible(op, x, w);
        if (x.Rank != 4 || w.Rank != 4)
            throw new ShapeMismatchException($"{op}: input {x.ShapeString} and weight {w.ShapeString} must both have rank 4 ([N, C, H, W] and [O, C, kH, kW])");
        if (x.Shape[1] != w.Shape[1])
            throw new ShapeMismatchException($"{op}: input {x.ShapeString} has {x.Shape[1]} channels but weight {w.ShapeString} expects {w.Shape[1]}");
        if (g.StrideH < 1 || g.StrideW < 1 || g.DilationH < 1 || g.DilationW < 1 || g.PadH < 0 || g.PadW < 0)
            throw new ArgumentException($"{op}: invalid geometry {g} (strides and dilations >= 1, padding >= 0)");
        int ho = g.OutH(x.Shape[2], w.Shape[2]), wo = g.OutW(x.Shape[3], w.Shape[3]);
        if (ho <= 0 || wo <= 0)
            throw new ShapeMismatchException(
                $"{op}: kernel {w.Shape[2]}x{w.Shape[3]} (dilation {g.DilationH}x{g.DilationW}) is larger than the padded input {x.Shape[2] + 2 * g.PadH}x{x.Shape[3] + 2 * g.PadW} of {x.ShapeString}");
        return (x.Shape[0], w.Shape[0], ho, wo);
    }
}
