using Engine.Tensors;

namespace Engine.Kernels;

/// <summary>
/// Operand checks every backend makes before a kernel reads raw memory (callers validate too, but
/// a wrong shape here would read the wrong elements silently). Messages start with the backend's
/// name and the op.
/// </summary>
internal static class OperandChecks
{
    /// <summary>Every operand still holds its memory (none was released by its scope or disposed); names the op and the shape.</summary>
    public static void Live(string op, params ReadOnlySpan<NDArray?> operands)
    {
        foreach (var a in operands) a?.ThrowIfReleased(op);
    }

    /// <summary>Elementwise: every input already broadcast to the output's shape, of its dtype.</summary>
    public static void Elementwise(string backend, string op, NDArray y, params NDArray[] inputs)
    {
        foreach (var x in inputs)
        {
            if (!Shape.Equal(x.Shape, y.Shape))
                throw new ShapeMismatchException($"{backend} {op}: input shape {x.ShapeString} differs from output shape {y.ShapeString} (broadcast inputs first)");
            if (x.DType != y.DType)
                throw new DTypeMismatchException($"{backend} {op}: input dtype {x.DType.Name()} differs from output dtype {y.DType.Name()}");
        }
    }

    /// <summary>A fused optimizer update: every array contiguous, with param's element count and dtype.</summary>
    public static void Optimizer(string backend, string op, NDArray param, params (NDArray Array, string Name)[] others)
    {
        foreach (var (a, name) in others.Prepend((param, "param")))
        {
            if (!a.IsContiguous) throw new ArgumentException($"{backend} {op}: {name} {a.ShapeString} must be contiguous");
            if (a.Numel != param.Numel || a.DType != param.DType)
                throw new ShapeMismatchException($"{backend} {op}: {name} is {a.DType.Name()} {a.ShapeString}, param is {param.DType.Name()} {param.ShapeString}");
        }
    }

    /// <summary>A copy: same shape and dtype on both sides.</summary>
    public static void Copy(string backend, NDArray source, NDArray destination)
    {
        if (!Shape.Equal(source.Shape, destination.Shape))
            throw new ShapeMismatchException($"{backend}: copy from {source.ShapeString} to {destination.ShapeString}: shapes differ");
        if (source.DType != destination.DType)
            throw new DTypeMismatchException($"{backend}: copy from {source.DType.Name()} to {destination.DType.Name()}: dtypes differ");
    }

    /// <summary>A download: a host array of the source's element count and matching element type (float[] or double[]).</summary>
    public static void Download(string backend, NDArray source, Array host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.Length != source.Numel)
            throw new ShapeMismatchException(
                $"{backend}: download of {source.ShapeString} ({source.Numel} elements) into a host array of {host.Length} elements");
        if ((source.DType, host) is not ((DType.Float32, float[]) or (DType.Float64, double[])))
            throw new DTypeMismatchException(
                $"{backend}: download of a {source.DType.Name()} array into a {host.GetType().Name} ({(source.DType == DType.Float32 ? "float[]" : "double[]")} expected)");
    }

    /// <summary>The dtype of an uploadable host array (float[] or double[]).</summary>
    public static DType UploadDType(string backend, Array host) => host switch
    {
        null => throw new ArgumentNullException(nameof(host)),
        float[] => DType.Float32,
        double[] => DType.Float64,
        _ => throw new DTypeMismatchException(
            $"{backend}: cannot upload a {host.GetType().Name}: only float[] (float32) and double[] (float64) are supported"),
    };
}
