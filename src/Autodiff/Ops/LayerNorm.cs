using Engine.Autodiff.Inspection;
using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Layer norm over the last <paramref name="normalizedDims"/> dimensions with optional affine
    /// weight and bias (shaped like those dimensions): y = (x - mean) / sqrt(var + eps) * w + b,
    /// biased variance. The forward is one fused kernel that saves mean and rstd. The backward uses
    /// the fused kernel when no graph is being recorded, and a composite of differentiable ops when
    /// one is (so the penalty can differentiate through it), as PyTorch switches for its fused norms.
    /// </summary>
    public static Tensor LayerNorm(this Tensor x, int normalizedDims, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        if (normalizedDims < 1 || normalizedDims > x.Rank)
            throw new ArgumentException($"layer_norm: cannot normalise the last {normalizedDims} dimensions of {x.ShapeString}");
        var normShape = x.Shape[^normalizedDims..];
        foreach (var (p, name) in new[] { (weight, "weight"), (bias, "bias") })
        {
            if (p is null) continue;
            Elementwise.CheckCompatible("layer_norm", x, p);
            if (!Shape.Equal(p.Shape, normShape))
                throw new ShapeMismatchException($"layer_norm: {name} {p.ShapeString} must have the normalised shape {Shape.Format(normShape)} of input {x.ShapeString}");
        }
        var d = Shape.Numel(normShape);
        var rows = x.Numel / Math.Max(d, 1);
        var x2 = x.Data.Contiguous().Reshape(rows, d);
        var y = NDArray.Empty(x.Backend, x.DType, rows, d);
        var mean = NDArray.Empty(x.Backend, x.DType, rows);
        var rstd = NDArray.Empty(x.Backend, x.DType, rows);
        x.Backend.LayerNormForward(x2, weight?.Data.Contiguous().Reshape(d), bias?.Data.Contiguous().Reshape(d), eps, y, mean, rstd);

        var meanT = new Tensor(mean.Reshape([.. x.Shape[..^normalizedDims], .. Enumerable.Repeat(1, normalizedDims)]));
        var rstdT = new Tensor(rstd.Reshape(meanT.Shape));
        var axes = Enumerable.Range(x.Rank - normalizedDims, normalizedDims).ToArray();
        var x2T = new Tensor(x2);
        // Slots x, weight, bias: the engine skips an absent weight or bias and drops its gradient.
        return Tensor.Record("layer_norm", y.Reshape(x.Shape), [x, weight, bias], c =>
        {
            var w = weight is null ? null : c.Input(1);
            return GradMode.IsEnabled
                ? LayerNormBackwardComposite(c.Grad, c.Input(0), w, axes, eps)
                : LayerNormBackwardFused(c.Grad, x2T.Data, mean, rstd, w, rows, d);
        }, Uses.Input0 | Uses.Input1, extra: [x2T, meanT, rstdT]);
    }

    /// <summary>
    /// The layer norm backward written in differentiable ops (used when a graph is recorded):
    /// with xhat = (x - mean) rstd and gh = g w:
    /// dx = rstd (gh - mean(gh) - xhat mean(gh xhat)); dw = sum(g xhat); db = sum(g) over the batch dims.
    /// mean and rstd are recomputed from x so that second derivatives see their dependence on x.
    /// </summary>
    public static Tensor?[] LayerNormBackwardComposite(Tensor g, Tensor x, Tensor? weight, int[] axes, double eps)
    {
        // Recompute the statistics in ops: the saved ones are constants, the derivative of dx needs their graph.
        var mean = x.Mean(axes, keepDim: true);
        var centered = x - mean;
        var rstd = ((centered * centered).Mean(axes, keepDim: true) + eps).Pow(-0.5);
        var xhat = centered * rstd;
        var gh = weight is null ? g : g * weight;
        var dx = rstd * (gh - gh.Mean(axes, keepDim: true) - xhat * (gh * xhat).Mean(axes, keepDim: true));
        var batchAxes = Enumerable.Range(0, x.Rank - axes.Length).ToArray();
        var dw = weight is null ? null : (g * xhat).Sum(batchAxes);
        var db = g.Sum(batchAxes);
        return [dx, dw, db];
    }

    private static Tensor?[] LayerNormBackwardFused(Tensor g, NDArray x2, NDArray mean, NDArray rstd, Tensor? weight, int rows, int d)
    {
        var gx = NDArray.Empty(g.Backend, g.DType, rows, d);
        var gw = weight is null ? null : NDArray.Empty(g.Backend, g.DType, d);
        var gb = NDArray.Empty(g.Backend, g.DType, d);
        g.Backend.LayerNormBackward(g.Data.Contiguous().Reshape(rows, d), x2, mean, rstd, weight?.Data.Contiguous().Reshape(d), gx, gw, gb);
        var normShape = weight?.Shape ?? [d];
        Tensor?[] grads = [new Tensor(gx.Reshape(g.Shape)), gw is null ? null : new Tensor(gw.Reshape(normShape)), new Tensor(gb.Reshape(normShape))];
        // The fused kernel bypasses Record, so it reports itself (its inputs include the saved statistics).
        if (OpObserver.Current is not null)
            OpObserver.Report("layer_norm_backward",
                [g, new Tensor(x2), new Tensor(mean), new Tensor(rstd), .. weight is null ? Array.Empty<Tensor>() : [weight]],
                [.. grads.OfType<Tensor>()]);
        return grads;
    }
}
