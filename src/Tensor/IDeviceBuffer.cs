namespace Engine.Tensors;

/// <summary>
/// A flat block of elements owned by a backend (host memory for the CPU, device memory for a GPU).
/// Views (<see cref="NDArray"/>) describe how a buffer is read; the buffer itself has no shape.
/// Its memory is released at a known point: when the <see cref="BufferScope"/> it was allocated in
/// ends, or on <see cref="IDisposable.Dispose"/> (see <see cref="ScopedBuffer"/>, the common implementation).
/// </summary>
public interface IDeviceBuffer : IDisposable
{
    /// <summary>The backend that owns this buffer; only it may read or write it.</summary>
    IBackend Backend { get; }

    /// <summary>Element type.</summary>
    DType DType { get; }

    /// <summary>Number of elements.</summary>
    int Length { get; }

    /// <summary>What released the buffer, or <see cref="BufferRelease.None"/> while it is live.</summary>
    BufferRelease Release { get; }

    /// <summary>True once the buffer's memory went back to its pool; any use then throws <see cref="BufferReleasedException"/>.</summary>
    bool IsReleased { get; }

    /// <summary>Moves the buffer from the scope that owns it to that scope's outer scope (out of every scope from an outermost one).</summary>
    void MoveToOuterScope();

    /// <summary>Takes the buffer out of every scope: it lives until disposed (or, unreachable, until the finalizer safety net returns it).</summary>
    void DetachFromScope();
}
