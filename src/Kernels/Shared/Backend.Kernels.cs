using Engine.Tensors;

namespace Engine.Kernels;

public abstract partial class Backend
{
    /// <inheritdoc />
    /// <remarks>
    /// Empty axes copy; a reduction over zero elements gives the op's identity (0 for sum, -inf for
    /// max), on every backend.
    /// </remarks>
    public void Reduce(ReduceOpKind op, NDArray x, int[] axes, NDArray y)
    {
        if (!Enum.IsDefined(op)) throw new ArgumentOutOfRangeException(nameof(op), op, $"{Name}: unknown reduction");
        Owned(op.ToString(), x, y);
        ArgumentNullException.ThrowIfNull(axes);
        var expected = (int[])x.Shape.Clone();
        for (var i = 0; i < axes.Length; i++)
        {
            if (axes[i] < 0 || axes[i] >= x.Rank || (i > 0 && axes[i] <= axes[i - 1]))
                throw new ArgumentException($"{Name} {op}: axes [{string.Join(", ", axes)}] must be sorted, distinct and within rank {x.Rank}");
            expected[axes[i]] = 1;
        }
        if (!Shape.Equal(expected, y.Shape))
            throw new ShapeMismatchException($"{Name} {op}: reducing {x.ShapeString} over [{string.Join(", ", axes)}] gives {Shape.Format(expected)}, but y is {y.ShapeString}");
        if (x.DType != y.DType)
            throw new DTypeMismatchException($"{Name} {op}: x is {x.DType.Name()} but y is {y.DType.Name()}");
        if (!y.IsContiguous)
            throw new ArgumentException($"{Name} {op}: y {y.ShapeString} must be contiguous");
        if (y.Numel == 0) return;
        if (axes.Length == 0) CopyCore(x, y);
        else if (x.Numel == 0) FillCore(y, op == ReduceOpKind.Sum ? 0 : double.NegativeInfinity);
        else ReduceCore(op, x, axes, y);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The batch dimensions of a and b may have fewer dimensions or size 1 where c's are larger;
    /// the core receives both expanded to c's batch shape (stride 0 where repeated).
    /// </remarks>
    public void MatMul(NDArray a, NDArray b, NDArray c, Epilogue? epilogue = null)
    {
        Owned("matmul", a, b, c);
        if (epilogue?.Bias is { } bias) Owned("matmul", bias);
        epilogue?.Check($"{Name} matmul", c, c.Rank < 1 ? 0 : c.Shape[^1]);
        if (a.Rank < 2 || b.Rank < 2 || c.Rank < 2 || !c.IsContiguous)
            throw new ArgumentException($"{Name} matmul: expected a [..., M, K], b [..., K, N] and contiguous c [..., M, N], got {a.ShapeString}, {b.ShapeString}, {c.ShapeString}");
        int m = c.Shape[^2], n = c.Shape[^1], k = a.Shape[^1];
        if (a.Shape[^2] != m || b.Shape[^2] != k || b.Shape[^1] != n)
            throw new ShapeMismatchException($"{Name} matmul: shapes {a.ShapeString} @ {b.ShapeString} do not give {c.ShapeString}");
        if (a.DType != c.DType || b.DType != c.DType)
            throw new DTypeMismatchException($"{Name} matmul: a {a.DType.Name()}, b {b.DType.Name()}, c {c.DType.Name()} differ");
        var ae = BroadcastBatch(a, c, [m, k]);
        var be = BroadcastBatch(b, c, [k, n]);
        if (c.Numel == 0) return;
        if (k == 0)
        {
            FillCore(c, 0);
            EpilogueInPlace(c, epilogue, c.Rank - 1);
        }
        else MatMulCore(ae, be, c, epilogue);
    }

    private NDArray BroadcastBatch(NDArray x, NDArray c, int[] matrix)
    {
        if (x.Rank > c.Rank)
            throw new ShapeMismatchException($"{Name} matmul: operand {x.ShapeString} has more batch dimensions than the result {c.ShapeString}");
        var lead = c.Rank - x.Rank;
        for (var d = 0; d < x.Rank - 2; d++)
            if (x.Shape[d] != 1 && x.Shape[d] != c.Shape[d + lead])
                throw new ShapeMismatchException($"{Name} matmul: batch dimensions of {x.ShapeString} are not broadcast to {c.ShapeString}");
        return x.Expand([.. c.Shape[..^2], .. matrix]);
    }

    /// <inheritdoc />
    public void Conv2dForward(NDArray x, NDArray w, NDArray y, Conv2dGeometry geometry, Epilogue? epilogue = null)
    {
        Owned("conv2d forward", x, w, y);
        if (epilogue?.Bias is { } bias) Owned("conv2d forward", bias);
        var d = ConvChecks.Shapes("conv2d forward", x, w, y, geometry);
        epilogue?.Check($"{Name} conv2d forward", y, d.O);
        if (y.Numel > 0) Conv2dForwardCore(d, x, w, y, epilogue);
    }

    /// <summary>
    /// An epilogue as two elementwise kernels after the product, for a backend without a fused one:
    /// y += bias along <paramref name="biasAxis"/>, then the activation. In place is safe here: every
    /// element is read and written by the same work-item (the same SIMD lane on the CPU).
    /// </summary>
    protected void EpilogueInPlace(NDArray y, Epilogue? epilogue, int biasAxis)
    {
        if (epilogue is null || y.Numel == 0) return;
        if (epilogue.Bias is { } bias)
        {
            var shape = Enumerable.Repeat(1, y.Rank).ToArray();
            shape[biasAxis] = bias.Numel;
            BinaryCore(BinaryOpKind.Add, y, bias.Reshape(shape).Expand(y.Shape), y);
        }
        if (epilogue.Activation is { } act) UnaryCore(act, y, y);
    }

    /// <inheritdoc />
    public void Conv2dGradInput(NDArray gy, NDArray w, NDArray gx, Conv2dGeometry geometry)
    {
        Owned("conv2d grad-input", gy, w, gx);
        var d = ConvChecks.Shapes("conv2d grad-input", gx, w, gy, geometry);
        if (gx.Numel > 0) Conv2dGradInputCore(d, gy, w, gx);
    }

    /// <inheritdoc />
    public void Conv2dGradWeight(NDArray x, NDArray gy, NDArray gw, Conv2dGeometry geometry)
    {
        Owned("conv2d grad-weight", x, gy, gw);
        var d = ConvChecks.Shapes("conv2d grad-weight", x, gw, gy, geometry);
        if (gw.Numel == 0) return;
        if (gy.Numel == 0) FillCore(gw, 0);
        else Conv2dGradWeightCore(d, x, gy, gw);
    }

    /// <inheritdoc />
    public void LayerNormForward(NDArray x, NDArray? w, NDArray? b, double eps, NDArray y, NDArray mean, NDArray rstd)
    {
        var (rows, d) = LayerNormChecks.Forward(x, w, b, eps, y, mean, rstd);
        Owned("layer_norm", [x, y, mean, rstd, .. Present(w, b)]);
        if (rows > 0 && d > 0) LayerNormForwardCore(x, w, b, eps, y, mean, rstd, rows, d);
    }

    /// <inheritdoc />
    public void LayerNormBackward(NDArray gy, NDArray x, NDArray mean, NDArray rstd, NDArray? w, NDArray gx, NDArray? gw, NDArray? gb)
    {
        var (rows, d) = LayerNormChecks.Backward(gy, x, mean, rstd, w, gx, gw, gb);
        Owned("layer_norm backward", [gy, x, mean, rstd, gx, .. Present(w, gw, gb)]);
        if (d == 0) return;
        if (rows == 0)
        {
            // No rows: the parameter gradients are empty sums.
            if (gw is not null) FillCore(gw, 0);
            if (gb is not null) FillCore(gb, 0);
            return;
        }
        LayerNormBackwardCore(gy, x, mean, rstd, w, gx, gw, gb, rows, d);
    }

    private static NDArray[] Present(params NDArray?[] optional) => optional.OfType<NDArray>().ToArray();

    /// <inheritdoc />
    public void AdamUpdate(NDArray param, NDArray grad, NDArray expAvg, NDArray expAvgSq, AdamStep step)
    {
        Owned("adam", param, grad, expAvg, expAvgSq);
        OperandChecks.Optimizer(Name, "adam", param, (grad, "grad"), (expAvg, "exp_avg"), (expAvgSq, "exp_avg_sq"));
        if (param.Numel > 0) AdamUpdateCore(param, grad, expAvg, expAvgSq, step);
    }

    /// <inheritdoc />
    public void RmsPropUpdate(NDArray param, NDArray grad, NDArray squareAvg, RmsPropStep step)
    {
        Owned("rmsprop", param, grad, squareAvg);
        OperandChecks.Optimizer(Name, "rmsprop", param, (grad, "grad"), (squareAvg, "square_avg"));
        if (param.Numel > 0) RmsPropUpdateCore(param, grad, squareAvg, step);
    }

    /// <summary>A known reduction over at least one axis of a non-empty x into a contiguous y of the reduced shape.</summary>
    protected abstract void ReduceCore(ReduceOpKind op, NDArray x, int[] axes, NDArray y);

    /// <summary>
    /// A non-empty batched product with K &gt; 0; a and b have c's rank and batch shape (stride 0 where
    /// broadcast); a checked epilogue or null (<see cref="EpilogueInPlace"/> when not fused).
    /// </summary>
    protected abstract void MatMulCore(NDArray a, NDArray b, NDArray c, Epilogue? epilogue);

    /// <summary>Conv2d forward into a non-empty contiguous y, then the checked epilogue; sizes checked in <paramref name="d"/>.</summary>
    private protected abstract void Conv2dForwardCore(ConvDims d, NDArray x, NDArray w, NDArray y, Epilogue? epilogue);

    /// <summary>Conv2d grad-input into a non-empty contiguous gx; sizes checked in <paramref name="d"/>.</summary>
    private protected abstract void Conv2dGradInputCore(ConvDims d, NDArray gy, NDArray w, NDArray gx);

    /// <summary>Conv2d grad-weight into a non-empty contiguous gw from a non-empty gy; sizes checked in <paramref name="d"/>.</summary>
    private protected abstract void Conv2dGradWeightCore(ConvDims d, NDArray x, NDArray gy, NDArray gw);

    /// <summary>Layer norm forward over <paramref name="rows"/> &gt; 0 rows of <paramref name="d"/> &gt; 0 features, every operand checked.</summary>
    protected abstract void LayerNormForwardCore(NDArray x, NDArray? w, NDArray? b, double eps, NDArray y, NDArray mean, NDArray rstd, int rows, int d);

    /// <summary>Layer norm backward over <paramref name="rows"/> &gt; 0 rows of <paramref name="d"/> &gt; 0 features, every operand checked.</summary>
    protected abstract void LayerNormBackwardCore(NDArray gy, NDArray x, NDArray mean, NDArray rstd, NDArray? w, NDArray gx, NDArray? gw, NDArray? gb, int rows, int d);

    /// <summary>A fused Adam update over non-empty contiguous operands of one length and dtype.</summary>
    protected abstract void AdamUpdateCore(NDArray param, NDArray grad, NDArray expAvg, NDArray expAvgSq, AdamStep step);

    /// <summary>A fused RMSProp update over non-empty contiguous operands of one length and dtype.</summary>
    protected abstract void RmsPropUpdateCore(NDArray param, NDArray grad, NDArray squareAvg, RmsPropStep step);
}
