namespace Engine.Tensors;

/// <summary>
/// A flat block of elements owned by a backend (host memory for the CPU, device memory for a GPU).
/// Views (<see cref="NDArray"/>) describe how a buffer is read; the buffer itself has no shape.
/// </summary>
public interface IDeviceBuffer
{
    /// <summary>The backend that owns this buffer; only it may read or write it.</summary>
    IBackend Backend { get; }

    /// <summary>Element type.</summary>
    DType DType { get; }

    /// <summary>Number of elements.</summary>
    int Length { get; }
}
