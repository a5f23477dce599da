using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>A copy of x on <paramref name="backend"/> (x itself when already there). Differentiable.</summary>
    public static Tensor To(this Tensor x, IBackend backend)
    {
        if (ReferenceEquals(x.Backend, backend)) return x;
        var source = x.Backend;
        var moved = NDArray.FromArray(backend, x.ToArray(), x.Shape);
        // d/dx to(x) = g moved back
        return Tensor.Record("to", moved, [x], c => [c.Grad.To(source)]);
    }

    /// <summary>A copy of x converted to <paramref name="dtype"/> (x itself when already that dtype). Differentiable.</summary>
    public static Tensor To(this Tensor x, DType dtype)
    {
        if (x.DType == dtype) return x;
        var host = x.ToDoubleArray();
        Array data = dtype == DType.Float64 ? host : Array.ConvertAll(host, v => (float)v);
        var sourceType = x.DType;
        // d/dx cast(x) = g cast back
        return Tensor.Record("cast", NDArray.FromArray(x.Backend, data, x.Shape), [x], c => [c.Grad.To(sourceType)]);
    }
}
