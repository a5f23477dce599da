namespace Engine.Tensors.Formats;

/// <summary>
/// A named tensor held in host memory in row-major (C) order: the unit that file formats read and
/// write. <see cref="Data"/> is a <c>float[]</c> for <see cref="DType.Float32"/> and a
/// <c>double[]</c> for <see cref="DType.Float64"/>, with exactly as many elements as the shape holds.
/// </summary>
public sealed class HostTensor
{
    /// <summary>Wraps <paramref name="data"/> (not copied); checks that its element type and length match.</summary>
    /// <exception cref="ArgumentException">The data does not match the dtype or the shape.</exception>
    public HostTensor(string name, DType dtype, int[] shape, Array data)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        var label = name.Length == 0 ? "host tensor" : $"host tensor '{name}'";
        long numel = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"{label}: shape {Engine.Tensors.Shape.Format(shape)} has a negative dimension", nameof(shape));
            numel *= d;
            if (numel > int.MaxValue) throw new ArgumentException($"{label}: shape {Engine.Tensors.Shape.Format(shape)} has more than {int.MaxValue} elements", nameof(shape));
        }
        var expected = dtype switch
        {
            DType.Float32 => typeof(float[]),
            DType.Float64 => typeof(double[]),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, $"{label}: unknown dtype"),
        };
        if (data.GetType() != expected)
            throw new ArgumentException($"{label}: dtype {dtype.Name()} needs a {expected.Name} but the data is a {data.GetType().Name}", nameof(data));
        if (data.Length != numel)
            throw new ArgumentException(
                $"{label}: shape {Engine.Tensors.Shape.Format(shape)} needs {numel} elements but the data has {data.Length}", nameof(data));
        Name = name;
        DType = dtype;
        Shape = (int[])shape.Clone();
        Data = data;
    }

    /// <summary>A float32 tensor over <paramref name="data"/> (not copied).</summary>
    public HostTensor(string name, int[] shape, float[] data) : this(name, DType.Float32, shape, data) { }

    /// <summary>A float64 tensor over <paramref name="data"/> (not copied).</summary>
    public HostTensor(string name, int[] shape, double[] data) : this(name, DType.Float64, shape, data) { }

    /// <summary>The tensor's name (a parameter path such as "net.0.weight"); may be empty.</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public DType DType { get; }

    /// <summary>Sizes of each dimension (empty for a scalar). Do not mutate.</summary>
    public int[] Shape { get; }

    /// <summary>The elements in row-major order: float[] or double[] according to <see cref="DType"/>.</summary>
    public Array Data { get; }

    /// <summary>Number of elements (1 for a scalar).</summary>
    public int Numel => Data.Length;

    /// <summary>Number of bytes the elements occupy.</summary>
    public long ByteLength => (long)Data.Length * DType.SizeOf();

    /// <summary>The same shape and data under another name.</summary>
    public HostTensor WithName(string name) => new(name, DType, Shape, Data);

    /// <summary>A host copy of <paramref name="array"/> (any layout, any backend) under <paramref name="name"/>.</summary>
    public static HostTensor FromNDArray(string name, NDArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        return new HostTensor(name, array.DType, array.Shape, array.ToArray());
    }

    /// <summary>Uploads the elements to a new contiguous array on <paramref name="backend"/>.</summary>
    public NDArray ToNDArray(IBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return NDArray.FromArray(backend, Data, Shape);
    }

    /// <inheritdoc />
    public override string ToString() => $"HostTensor('{Name}', {DType.Name()}, {Engine.Tensors.Shape.Format(Shape)})";
}
