using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>Sum over <paramref name="axes"/> (null: all), dropping them unless <paramref name="keepDim"/>.</summary>
    public static Tensor Sum(this Tensor x, int[]? axes = null, bool keepDim = false)
    {
        var ax = Shape.NormalizeAxes("sum", axes, x.Rank);
        var kept = KeptShape(x.Shape, ax);
        var y = NDArray.Empty(x.Backend, x.DType, kept);
        if (x.Numel == 0) x.Backend.Fill(y, 0.0);
        else x.Backend.Reduce(ReduceOpKind.Sum, x.Data, ax, y);
        var inputShape = x.Shape;
        // d/dx sum(x) = 1 broadcast back over the reduced axes
        var sum = Tensor.Record("sum", y, [x], c => [c.Grad.Reshape(kept).Expand(inputShape)]);
        return keepDim ? sum : sum.Reshape(DroppedShape(x.Shape, ax));
    }

    /// <summary>Sum over one axis.</summary>
    public static Tensor Sum(this Tensor x, int axis, bool keepDim = false) => x.Sum([axis], keepDim);

    /// <summary>Mean over <paramref name="axes"/> (null: all).</summary>
    public static Tensor Mean(this Tensor x, int[]? axes = null, bool keepDim = false)
    {
        var ax = Shape.NormalizeAxes("mean", axes, x.Rank);
        var count = 1;
        foreach (var a in ax) count *= x.Shape[a];
        return x.Sum(ax, keepDim) / count;
    }

    /// <summary>Mean over one axis.</summary>
    public static Tensor Mean(this Tensor x, int axis, bool keepDim = false) => x.Mean([axis], keepDim);

    /// <summary>
    /// Sums <paramref name="x"/> down to <paramref name="shape"/>, undoing a broadcast: leading
    /// dimensions and dimensions of size 1 in <paramref name="shape"/> are summed.
    /// </summary>
    public static Tensor SumTo(this Tensor x, int[] shape)
    {
        if (Shape.Equal(x.Shape, shape)) return x;
        var lead = x.Rank - shape.Length;
        if (lead < 0) throw new ShapeMismatchException($"sum_to: cannot sum {x.ShapeString} to the larger rank of {Shape.Format(shape)}");
        var axes = new List<int>();
        for (var i = 0; i < x.Rank; i++)
        {
            if (i < lead) { axes.Add(i); continue; }
            var target = shape[i - lead];
            if (target == x.Shape[i]) continue;
            if (target != 1)
                throw new ShapeMismatchException($"sum_to: {x.ShapeString} is not a broadcast of {Shape.Format(shape)} (dimension {i})");
            axes.Add(i);
        }
        return x.Sum(axes.ToArray(), keepDim: true).Reshape(shape);
    }

    internal static int[] KeptShape(int[] shape, int[] axes)
    {
        var kept = (int[])shape.Clone();
        foreach (var a in axes) kept[a] = 1;
        return kept;
    }

    internal static int[] DroppedShape(int[] shape, int[] axes) => shape.Where((_, i) => Array.IndexOf(axes, i) < 0).ToArray();
}
