namespace Engine.Tensors;

/// <summary>
/// A strided n-dimensional view of a backend buffer: shape, strides (in elements), offset.
/// View operations (reshape of contiguous data, permute, slice, expand) share the buffer and copy
/// nothing. No autodiff here: this is the raw array the differentiable tensor wraps.
/// </summary>
public sealed partial class NDArray
{
    /// <summary>Wraps a buffer as a view with the given geometry; checks that the view stays inside the buffer.</summary>
    public NDArray(IDeviceBuffer buffer, int[] shape, int[] strides, int offset = 0)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (shape.Length != strides.Length)
            throw new ArgumentException($"shape {Engine.Tensors.Shape.Format(shape)} and strides {Engine.Tensors.Shape.Format(strides)} differ in rank");
        Buffer = buffer;
        Shape = shape;
        Strides = strides;
        Offset = offset;
        Numel = Engine.Tensors.Shape.Numel(shape);
        if (Numel > 0)
        {
            long lo = offset, hi = offset;
            for (var i = 0; i < shape.Length; i++)
            {
                long reach = (long)(shape[i] - 1) * strides[i];
                if (reach < 0) lo += reach; else hi += reach;
            }
            if (lo < 0 || hi >= buffer.Length)
                throw new ArgumentException(
                    $"view shape {Engine.Tensors.Shape.Format(shape)} strides {Engine.Tensors.Shape.Format(strides)} offset {offset} reaches outside a buffer of {buffer.Length} elements");
        }
    }

    /// <summary>The underlying storage.</summary>
    public IDeviceBuffer Buffer { get; }

    /// <summary>Sizes of each dimension. Do not mutate.</summary>
    public int[] Shape { get; }

    /// <summary>Element strides of each dimension (0 for broadcast dimensions). Do not mutate.</summary>
    public int[] Strides { get; }

    /// <summary>Offset of element [0, ..., 0] in the buffer.</summary>
    public int Offset { get; }

    /// <summary>Number of elements.</summary>
    public int Numel { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>Element type.</summary>
    public DType DType => Buffer.DType;

    /// <summary>The backend holding the buffer.</summary>
    public IBackend Backend => Buffer.Backend;

    /// <summary>True when the elements are laid out densely in row-major order starting at <see cref="Offset"/>.</summary>
    public bool IsContiguous
    {
        get
        {
            var expected = 1;
            for (var i = Rank - 1; i >= 0; i--)
            {
                if (Shape[i] != 1 && Strides[i] != expected) return false;
                expected *= Shape[i];
            }
            return true;
        }
    }

    /// <summary>True once the buffer went back to its pool (its scope ended or it was disposed); a view shares its base's lifetime.</summary>
    public bool IsReleased => Buffer.IsReleased;

    /// <summary>
    /// Throws <see cref="BufferReleasedException"/> naming <paramref name="op"/> and this array's shape
    /// when its buffer was released. Backends call it before they touch data.
    /// </summary>
    public void ThrowIfReleased(string op)
    {
        if (Buffer.IsReleased)
            throw new BufferReleasedException(
                $"{op}: a {DType.Name()} tensor of shape {ShapeString} was used after {BufferScope.Describe(Buffer.Release)}; " +
                "keep what must outlive a scope with MoveToOuterScope() or DetachFromScope(), or create it outside the scope");
    }

    /// <summary>Shape formatted for messages, e.g. "[2, 3]".</summary>
    public string ShapeString => Engine.Tensors.Shape.Format(Shape);

    /// <inheritdoc />
    public override string ToString() => $"NDArray({DType.Name()}, {ShapeString}, {Backend.Name})";
}
