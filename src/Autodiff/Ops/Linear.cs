using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = act(x W^T + b) with PyTorch's layout: weight [out, in], bias [out], x [..., in]. One op:
    /// the backend adds the bias, and applies the activation (Relu, or LeakyRelu with a slope &gt;= 0),
    /// on each finished tile of the GEMM (PyTorch's addmm), so no intermediate array is written.
    /// </summary>
    public static Tensor Linear(this Tensor x, Tensor weight, Tensor? bias = null, UnaryOp? activation = null)
    {
        if (weight.Rank != 2 || x.Rank < 2 || x.Shape[^1] != weight.Shape[1])
            throw new ShapeMismatchException(
                $"linear: input {x.ShapeString} does not match weight {weight.ShapeString} (expected input [..., {(weight.Rank == 2 ? weight.Shape[1] : -1)}] and weight [out, in])");
        Elementwise.CheckCompatible("linear", x, weight);
        int inF = weight.Shape[1], outF = weight.Shape[0];
        if (bias is not null)
        {
            Elementwise.CheckCompatible("linear", x, bias);
            if (bias.Rank != 1 || bias.Shape[0] != outF)
                throw new ShapeMismatchException($"linear: bias {bias.ShapeString} does not match weight {weight.ShapeString} (expected bias [{outF}])");
        }
        if (activation is { } act && !FusesAfterLinear(act))
            return ActivationOf(x.Linear(weight, bias), act);

        int[] batch = x.Shape[..^2];
        var y = NDArray.Empty(x.Backend, x.DType, [.. x.Shape[..^1], outF]);
        if (y.Numel > 0)
            x.Backend.MatMul(x.Data, weight.Data.Transpose(0, 1).Expand([.. batch, inF, outF]), y,
                bias is null && activation is null ? null : new Epilogue(bias?.Data.Contiguous(), activation));
        // z = x W^T + b, y = act(z): dz = g act'(z), dx = dz W, dW = dz^T x, db = sum of dz over rows
        // NOTE: act'(z) is read from y (y > 0 exactly when z > 0, for relu and a slope >= 0), as a constant mask.
        return Tensor.Record(activation is { } named ? $"linear_{SnakeName(named)}" : "linear", y, [x, weight, bias], c =>
        {
            var gz = activation is { } a ? c.Grad * Elementwise.Mask(MaskOf(a), c.Result) : c.Grad;
            var rows = gz.Reshape(-1, outF);
            return [
                c.Needs(0) ? gz.MatMul(c.Input(1)) : null,
                c.Needs(1) ? rows.Transpose().MatMul(c.Input(0).Reshape(-1, inF)) : null,
                c.Needs(2) ? rows.Sum([0]) : null,
            ];
        }, Uses.Input0 | Uses.Input1 | (activation is null ? Uses.None : Uses.Result));
    }

    /// <summary>Activations whose derivative can be read from their output: relu, and leaky relu with a slope &gt;= 0.</summary>
    private static bool FusesAfterLinear(UnaryOp act) =>
        act.Kind == UnaryOpKind.Relu || (act.Kind == UnaryOpKind.LeakyRelu && act.Alpha >= 0);

    /// <summary>The derivative mask of a fused activation: step for relu, the slope mask for leaky relu.</summary>
    private static UnaryOp MaskOf(UnaryOp act) =>
        act.Kind == UnaryOpKind.Relu ? new UnaryOp(UnaryOpKind.Step) : new UnaryOp(UnaryOpKind.LeakyReluSlope, act.Alpha);

    /// <summary>"relu" or "leaky_relu": the suffix of a fused op's recorded name.</summary>
    private static string SnakeName(UnaryOp act) => act.Kind == UnaryOpKind.Relu ? "relu" : "leaky_relu";

    /// <summary>The unfused activation op of a descriptor (for slopes the fused path cannot take, and other activations).</summary>
    private static Tensor ActivationOf(Tensor z, UnaryOp act) => act.Kind switch
    {
        UnaryOpKind.Relu => z.Relu(),
        UnaryOpKind.LeakyRelu => z.LeakyRelu(act.Alpha),
        _ => throw new ArgumentException($"fused activation: {act.Kind} is not an activation that fuses (Relu or LeakyRelu)"),
    };
}
