namespace Engine.Tensors;

/// <summary>Element types a tensor can hold.</summary>
public enum DType
{
    /// <summary>32-bit IEEE 754 float.</summary>
    Float32,
    /// <summary>64-bit IEEE 754 float (used by gradient checks).</summary>
    Float64,
}

/// <summary>Facts about <see cref="DType"/> values.</summary>
public static class DTypeInfo
{
    /// <summary>Bytes per element.</summary>
    public static int SizeOf(this DType dtype) => dtype switch
    {
        DType.Float32 => 4,
        DType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
    };

    /// <summary>The lower-case name used in messages and file formats ("float32", "float64").</summary>
    public static string Name(this DType dtype) => dtype switch
    {
        DType.Float32 => "float32",
        DType.Float64 => "float64",
        _ => dtype.ToString(),
    };

    /// <summary>The dtype whose CLR element type is <typeparamref name="T"/>.</summary>
    public static DType Of<T>() =>
        typeof(T) == typeof(float) ? DType.Float32 :
        typeof(T) == typeof(double) ? DType.Float64 :
        throw new NotSupportedException($"element type {typeof(T).Name} is not a tensor dtype (float or double expected)");
}
