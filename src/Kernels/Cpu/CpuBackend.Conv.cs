using System.Numerics;
using Engine.Tensors;

namespace Engine.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void Conv2dForward(NDArray x, NDArray w, NDArray y, Conv2dGeometry geometry)
    {
        var d = ConvShapes("conv2d forward", x, w, y, geometry);
        if (y.DType == DType.Float64) ConvForward<double>(d, x, w, y);
        else ConvForward<float>(d, x, w, y);
    }

    /// <inheritdoc />
    public void Conv2dGradInput(NDArray gy, NDArray w, NDArray gx, Conv2dGeometry geometry)
    {
        var d = ConvShapes("conv2d grad-input", gx, w, gy, geometry);
        if (gx.DType == DType.Float64) ConvGradInput<double>(d, gy, w, gx);
        else ConvGradInput<float>(d, gy, w, gx);
    }

    /// <inheritdoc />
    public void Conv2dGradWeight(NDArray x, NDArray gy, NDArray gw, Conv2dGeometry geometry)
    {
        var d = ConvShapes("conv2d grad-weight", x, gw, gy, geometry);
        if (gw.DType == DType.Float64) ConvGradWeight<double>(d, x, gy, gw);
        else ConvGradWeight<float>(d, x, gy, gw);
    }

    private static void ConvForward<T>(ConvDims d, NDArray x, NDArray w, NDArray y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using ConvOperand<T> xs = new(x), ws = new(w);
        Conv2dCpu<T>.Forward(d, xs.Data, xs.Offset, ws.Data, ws.Offset, DataOf<T>(y), y.Offset);
    }

    private static void ConvGradInput<T>(ConvDims d, NDArray gy, NDArray w, NDArray gx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using ConvOperand<T> gys = new(gy), ws = new(w);
        Conv2dCpu<T>.GradInput(d, gys.Data, gys.Offset, ws.Data, ws.Offset, DataOf<T>(gx), gx.Offset);
    }

    private static void ConvGradWeight<T>(ConvDims d, NDArray x, NDArray gy, NDArray gw) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using ConvOperand<T> xs = new(x), gys = new(gy);
        Conv2dCpu<T>.GradWeight(d, xs.Data, xs.Offset, gys.Data, gys.Offset, DataOf<T>(gw), gw.Offset);
    }

    /// <summary>
    /// Checks x [N, C, H, W], w [O, C, kh, kw] and y [N, O, Ho, Wo] against each other and the geometry
    /// (callers validate too; a kernel reading raw arrays must not trust them), and that the output
    /// written is contiguous. Returns the sizes.
    /// </summary>
    private static ConvDims ConvShapes(string op, NDArray x, NDArray w, NDArray y, Conv2dGeometry g)
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
