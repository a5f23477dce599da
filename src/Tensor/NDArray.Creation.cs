namespace Engine.Tensors;

public sealed partial class NDArray
{
    /// <summary>A new contiguous array with unspecified contents.</summary>
    public static NDArray Empty(IBackend backend, DType dtype, params int[] shape) =>
        new(backend.Allocate(dtype, Engine.Tensors.Shape.Numel(shape)), (int[])shape.Clone(), Engine.Tensors.Shape.ContiguousStrides(shape));

    /// <summary>A new contiguous array with every element equal to <paramref name="value"/>.</summary>
    public static NDArray Full(IBackend backend, DType dtype, double value, params int[] shape)
    {
        var a = Empty(backend, dtype, shape);
        if (a.Numel > 0) backend.Fill(a, value);
        return a;
    }

    /// <summary>A new zero-filled array.</summary>
    public static NDArray Zeros(IBackend backend, DType dtype, params int[] shape) => Full(backend, dtype, 0.0, shape);

    /// <summary>Copies host data (float[] or double[], row-major) into a new array of the given shape.</summary>
    public static NDArray FromArray(IBackend backend, Array data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        var n = Engine.Tensors.Shape.Numel(shape);
        if (data.Length != n)
            throw new ShapeMismatchException($"FromArray: {data.Length} values cannot fill shape {Engine.Tensors.Shape.Format(shape)} ({n} elements expected)");
        if (data is not float[] and not double[])
            throw new DTypeMismatchException($"FromArray: element type {data.GetType().GetElementType()?.Name} is not supported (float[] or double[] expected)");
        return new NDArray(backend.Upload(data), (int[])shape.Clone(), Engine.Tensors.Shape.ContiguousStrides(shape));
    }

    /// <summary>0, 1, ..., n-1 (times step, plus start) as a 1-D array.</summary>
    public static NDArray Arange(IBackend backend, DType dtype, int n, double start = 0, double step = 1)
    {
        var values = new double[n];
        for (var i = 0; i < n; i++) values[i] = start + i * step;
        return FromArray(backend, dtype == DType.Float64 ? values : Array.ConvertAll(values, v => (float)v), n);
    }

    /// <summary>A contiguous host copy of the elements in row-major order, as doubles.</summary>
    public double[] ToDoubleArray()
    {
        if (DType == DType.Float64)
        {
            var d = new double[Numel];
            Backend.Download(this, d);
            return d;
        }
        var f = new float[Numel];
        Backend.Download(this, f);
        return Array.ConvertAll(f, v => (double)v);
    }

    /// <summary>A contiguous host copy as float[] (float32) or double[] (float64).</summary>
    public Array ToArray()
    {
        Array host = DType == DType.Float64 ? new double[Numel] : new float[Numel];
        Backend.Download(this, host);
        return host;
    }

    /// <summary>A contiguous copy (this array itself when it is already contiguous and starts its buffer densely).</summary>
    public NDArray Contiguous()
    {
        if (IsContiguous) return this;
        var c = Empty(Backend, DType, Shape);
        Backend.Copy(this, c);
        return c;
    }

    /// <summary>A fresh contiguous copy that shares nothing with this array.</summary>
    public NDArray Clone()
    {
        var c = Empty(Backend, DType, Shape);
        if (Numel > 0) Backend.Copy(this, c);
        return c;
    }
}
