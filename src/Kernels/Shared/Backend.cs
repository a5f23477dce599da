using Engine.Tensors;

namespace Engine.Kernels;

/// <summary>
/// The base of every backend. Its public methods check their arguments once (operands owned by
/// this backend, shapes, dtypes, contiguous outputs, known op kinds), settle the empty cases, and
/// only then call the protected <c>...Core</c> method a backend implements, as ILGPU's
/// <c>Accelerator</c> does: no backend can skip a check, and no two can answer one differently.
/// Split by concern into partial files (memory and elementwise here, the kernels in Backend.Kernels.cs).
/// </summary>
public abstract partial class Backend : IBackend
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract void Synchronize();

    /// <inheritdoc />
    public IDeviceBuffer Allocate(DType dtype, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _ = dtype.SizeOf();  // rejects an unknown dtype before the backend sees it
        return AllocateCore(dtype, length);
    }

    /// <inheritdoc />
    public IDeviceBuffer Upload(Array host) => UploadCore(host, OperandChecks.UploadDType(Name, host));

    /// <inheritdoc />
    public void Download(NDArray source, Array host)
    {
        Owned("download", source);
        OperandChecks.Download(Name, source, host);
        if (source.Numel > 0) DownloadCore(source, host);
    }

    /// <inheritdoc />
    public void Copy(NDArray source, NDArray destination)
    {
        Owned("copy", source, destination);
        OperandChecks.Copy(Name, source, destination);
        if (destination.Numel > 0) CopyCore(source, destination);
    }

    /// <inheritdoc />
    public void Fill(NDArray destination, double value)
    {
        Owned("fill", destination);
        if (destination.Numel > 0) FillCore(destination, value);
    }

    /// <inheritdoc />
    public void Unary(UnaryOp op, NDArray x, NDArray y)
    {
        if (!Enum.IsDefined(op.Kind)) throw new ArgumentOutOfRangeException(nameof(op), op.Kind, $"{Name}: unknown unary op");
        Owned(op.Kind.ToString(), x, y);
        OperandChecks.Elementwise(Name, op.Kind.ToString(), y, x);
        if (y.Numel > 0) UnaryCore(op, x, y);
    }

    /// <inheritdoc />
    public void Binary(BinaryOpKind op, NDArray a, NDArray b, NDArray y)
    {
        if (!Enum.IsDefined(op)) throw new ArgumentOutOfRangeException(nameof(op), op, $"{Name}: unknown binary op");
        Owned(op.ToString(), a, b, y);
        OperandChecks.Elementwise(Name, op.ToString(), y, a, b);
        if (y.Numel > 0) BinaryCore(op, a, b, y);
    }

    /// <inheritdoc />
    public void Ternary(TernaryOpKind op, NDArray a, NDArray b, NDArray c, NDArray y)
    {
        if (!Enum.IsDefined(op)) throw new ArgumentOutOfRangeException(nameof(op), op, $"{Name}: unknown ternary op");
        Owned(op.ToString(), a, b, c, y);
        OperandChecks.Elementwise(Name, op.ToString(), y, a, b, c);
        if (y.Numel > 0) TernaryCore(op, a, b, c, y);
    }

    /// <inheritdoc />
    public void FillRandom(NDArray destination, RandomDistribution distribution, double p0, double p1, ulong seed, ulong counter)
    {
        Owned("fill_random", destination);
        if (!destination.IsContiguous)
            throw new ArgumentException($"{Name}: random fill needs a contiguous destination, got shape {destination.ShapeString} strides {Shape.Format(destination.Strides)}");
        if (!Enum.IsDefined(distribution))
            throw new ArgumentOutOfRangeException(nameof(distribution), distribution, $"{Name}: unknown distribution");
        if (destination.Numel > 0) FillRandomCore(destination, distribution, p0, p1, seed, counter);
    }

    /// <summary>Allocates a buffer (length checked non-negative, dtype known).</summary>
    protected abstract IDeviceBuffer AllocateCore(DType dtype, int length);

    /// <summary>Uploads a host array whose dtype <paramref name="dtype"/> has been checked.</summary>
    protected abstract IDeviceBuffer UploadCore(Array host, DType dtype);

    /// <summary>Downloads a non-empty array owned by this backend into a host array of matching length and type.</summary>
    protected abstract void DownloadCore(NDArray source, Array host);

    /// <summary>Copies between two non-empty arrays of one shape and dtype owned by this backend.</summary>
    protected abstract void CopyCore(NDArray source, NDArray destination);

    /// <summary>Fills a non-empty array (any strides) owned by this backend.</summary>
    protected abstract void FillCore(NDArray destination, double value);

    /// <summary>A known unary op over non-empty operands of y's shape and dtype.</summary>
    protected abstract void UnaryCore(UnaryOp op, NDArray x, NDArray y);

    /// <summary>A known binary op over non-empty operands of y's shape and dtype.</summary>
    protected abstract void BinaryCore(BinaryOpKind op, NDArray a, NDArray b, NDArray y);

    /// <summary>A known ternary op over non-empty operands of y's shape and dtype.</summary>
    protected abstract void TernaryCore(TernaryOpKind op, NDArray a, NDArray b, NDArray c, NDArray y);

    /// <summary>A random fill of a non-empty contiguous array with a known distribution.</summary>
    protected abstract void FillRandomCore(NDArray destination, RandomDistribution distribution, double p0, double p1, ulong seed, ulong counter);

    /// <summary>
    /// Requires every operand to be a live buffer of this backend, naming the op and where the stray
    /// one lives (or that its scope ended: a released buffer's memory may already hold another tensor).
    /// </summary>
    private protected void Owned(string op, params NDArray[] operands)
    {
        foreach (var a in operands)
        {
            ArgumentNullException.ThrowIfNull(a, $"{Name} {op} operand");
            a.ThrowIfReleased($"{Name} {op}");
            if (!ReferenceEquals(a.Backend, this))
                throw new ArgumentException($"{Name} {op}: operand {a.ShapeString} lives on {a.Backend.Name}, not on {Name}; move it with To(backend) first");
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
