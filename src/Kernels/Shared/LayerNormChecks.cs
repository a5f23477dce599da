using Engine.Tensors;

namespace Engine.Kernels;

/// <summary>
/// Argument checks of the CPU layer norm kernels. The kernels index raw arrays, so a wrong length
/// would read or write past a row: every length is checked here, with messages naming "layer_norm"
/// and the shapes involved.
/// </summary>
internal static class LayerNormChecks
{
    /// <summary>The [rows, d] view of x: d is its last dimension, rows the product of the others.</summary>
    public static (int Rows, int D) Geometry(NDArray x)
    {
        if (x.Rank == 0)
            throw new ShapeMismatchException("layer_norm: x is a scalar (shape []); it needs at least one dimension to normalize over");
        var d = x.Shape[^1];
        return (d == 0 ? 0 : x.Numel / d, d);
    }

    /// <summary>
    /// Requires a dense row-major view. Strided inputs would need a gather first, and the caller
    /// (which owns the copy) is the one that should pay for it.
    /// </summary>
    public static void Contiguous(string name, NDArray a)
    {
        if (!a.IsContiguous)
            throw new ArgumentException(
                $"layer_norm: {name} (shape {a.ShapeString}, strides {Shape.Format(a.Strides)}) must be contiguous; call Contiguous() before the kernel");
    }

    /// <summary>Requires <paramref name="a"/> contiguous with <paramref name="expected"/> elements.</summary>
    public static void Elements(string name, NDArray a, int expected, string what, NDArray x)
    {
        Contiguous(name, a);
        if (a.Numel != expected)
            throw new ShapeMismatchException(
                $"layer_norm: {name} has shape {a.ShapeString} ({a.Numel} elements) but x {x.ShapeString} needs {expected} ({what})");
    }

    /// <summary>Like <see cref="Elements"/>, for an optional array.</summary>
    public static void Optional(string name, NDArray? a, int expected, string what, NDArray x)
    {
        if (a is not null) Elements(name, a, expected, what, x);
    }

    /// <summary>Requires every given array to share x's dtype, naming the first that does not.</summary>
    public static void SameDType(NDArray x, params (string Name, NDArray? Array)[] others)
    {
        foreach (var (name, a) in others)
            if (a is not null && a.DType != x.DType)
                throw new DTypeMismatchException($"layer_norm: {name} is {a.DType.Name()} but x is {x.DType.Name()}");
    }

    /// <summary>Every check of a layer-norm forward call (shared by the backends); returns (rows, d).</summary>
    public static (int Rows, int D) Forward(NDArray x, NDArray? w, NDArray? b, double eps, NDArray y, NDArray mean, NDArray rstd)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(rstd);
        OperandChecks.Live("layer_norm", x, w, b, y, mean, rstd);
        Contiguous("x", x);
        var (rows, d) = Geometry(x);
        Optional("w", w, d, "one per normalized feature", x);
        Optional("b", b, d, "one per normalized feature", x);
        Elements("y", y, x.Numel, "the same as x", x);
        Elements("mean", mean, rows, "one per row", x);
        Elements("rstd", rstd, rows, "one per row", x);
        SameDType(x, ("w", w), ("b", b), ("y", y), ("mean", mean), ("rstd", rstd));
        if (!(eps >= 0) || double.IsInfinity(eps))
            throw new ArgumentOutOfRangeException(nameof(eps), $"layer_norm: eps must be finite and non-negative, got {eps}");
        return (rows, d);
    }

    /// <summary>Every check of a layer-norm backward call (shared by the backends); returns (rows, d).</summary>
    public static (int Rows, int D) Backward(NDArray gy, NDArray x, NDArray mean, NDArray rstd, NDArray? w, NDArray gx, NDArray? gw, NDArray? gb)
    {
        ArgumentNullException.ThrowIfNull(gy);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(rstd);
        ArgumentNullException.ThrowIfNull(gx);
        OperandChecks.Live("layer_norm backward", gy, x, mean, rstd, w, gx, gw, gb);
        Contiguous("x", x);
        var (rows, d) = Geometry(x);
        Elements("gy", gy, x.Numel, "the same as x", x);
        Elements("mean", mean, rows, "one per row", x);
        Elements("rstd", rstd, rows, "one per row", x);
        Optional("w", w, d, "one per normalized feature", x);
        Elements("gx", gx, x.Numel, "the same as x", x);
        Optional("gw", gw, d, "one per normalized feature", x);
        Optional("gb", gb, d, "one per normalized feature", x);
        SameDType(x, ("gy", gy), ("mean", mean), ("rstd", rstd), ("w", w), ("gx", gx), ("gw", gw), ("gb", gb));
        return (rows, d);
    }
}
