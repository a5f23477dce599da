using Engine.Tensors;

namespace Engine.Kernels;

/// <summary>The sizes of one conv problem, checked once by the backend.</summary>
internal readonly record struct ConvDims(int N, int C, int H, int W, int O, int KH, int KW, int Ho, int Wo, Conv2dGeometry Geometry)
{
    /// <summary>Output positions per image.</summary>
    public int P => Ho * Wo;

    /// <summary>Rows of the column matrix (C * kh * kw), the GEMM depth of the forward pass.</summary>
    public int Ckk => C * KH * KW;
}

/// <summary>Shape checks of the conv2d kernels, shared by every backend.</summary>
internal static class ConvChecks
{
    /// <summary>
    /// Checks x [N, C, H, W], w [O, C, kh, kw] and y [N, O, Ho, Wo] against each other and the geometry
    /// (callers validate too; a kernel reading raw arrays must not trust them), and that the output
    /// written is contiguous. Returns the sizes.
    /// </summary>
    public static ConvDims Shapes(string op, NDArray x, NDArray w, NDArray y, Conv2dGeometry g)
    {
        string Shapes() => $"x {x.ShapeString}, w {w.ShapeString}, y {y.ShapeString}, {g}";
        if (x.Rank != 4 || w.Rank != 4 || y.Rank != 4)
            throw new ArgumentException($"{op}: expected 4-D tensors (NCHW), got {Shapes()}");
        if (g.StrideH < 1 || g.StrideW < 1 || g.DilationH < 1 || g.DilationW < 1 || g.PadH < 0 || g.PadW < 0)
            throw new ArgumentException($"{op}: stride and dilation must be positive and padding non-negative, got {g}");
        if (x.DType != w.DType || x.DType != y.DType)
            throw new DTypeMismatchException($"{op}: dtypes differ: x {x.DType.Name()}, w {w.DType.Name()}, y {y.DType.Name()}");
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], wd = x.Shape[3];
        int o = w.Shape[0], kh = w.Shape[2], kw = w.Shape[3];
        if (w.Shape[1] != c || y.Shape[0] != n || y.Shape[1] != o || kh < 1 || kw < 1)
            throw new ShapeMismatchException($"{op}: shapes do not match (groups = 1): {Shapes()}");
        if (y.Shape[2] != g.OutH(h, kh) || y.Shape[3] != g.OutW(wd, kw) || y.Shape[2] < 1 || y.Shape[3] < 1)
            throw new ShapeMismatchException(
                $"{op}: output {y.Shape[2]}x{y.Shape[3]} does not match the {g.OutH(h, kh)}x{g.OutW(wd, kw)} the geometry gives: {Shapes()}");
        if (op == "conv2d forward" ? !y.IsContiguous : op == "conv2d grad-input" ? !x.IsContiguous : !w.IsContiguous)
            throw new ArgumentException($"{op}: the output array must be contiguous: {Shapes()}");
        return new ConvDims(n, c, h, wd, o, kh, kw, y.Shape[2], y.Shape[3], g);
    }
}
