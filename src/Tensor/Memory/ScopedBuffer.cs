namespace Engine.Tensors;

/// <summary>
/// The lifetime every backend buffer shares: owned by the <see cref="BufferScope"/> current when
/// it was allocated (if any), released when that scope ends or on <see cref="Dispose"/>, and, when
/// it escaped every scope and became unreachable, handed back by its finalizer through a queue
/// (<see cref="ReturnFromFinalizer"/> must only enqueue). A released buffer never becomes live
/// again: its memory is reused only by new buffer objects, so a stale reference cannot read
/// recycled data.
/// </summary>
public abstract class ScopedBuffer : IDeviceBuffer
{
    private volatile BufferRelease _release;

    /// <summary>
    /// Starts the lifetime. A <paramref name="tracked"/> buffer joins the current scope and has the
    /// finalizer safety net; an untracked one (a wrapper around memory it does not own) has neither.
    /// </summary>
    protected ScopedBuffer(bool tracked)
    {
        if (!tracked) GC.SuppressFinalize(this);
        else BufferScope.Current?.Adopt(this);
    }

    /// <summary>Hands the memory back if the buffer was never released (the safety net for a buffer that escaped every scope).</summary>
    ~ScopedBuffer()
    {
        if (_release == BufferRelease.None) ReturnFromFinalizer();
    }

    /// <inheritdoc />
    public abstract IBackend Backend { get; }

    /// <inheritdoc />
    public abstract DType DType { get; }

    /// <inheritdoc />
    public abstract int Length { get; }

    /// <summary>The scope that will release this buffer, or null when none will (kept, or allocated outside every scope).</summary>
    public BufferScope? Scope { get; internal set; }

    /// <inheritdoc />
    public BufferRelease Release => _release;

    /// <inheritdoc />
    public bool IsReleased => _release != BufferRelease.None;

    /// <inheritdoc />
    public void Dispose() => ReleaseNow(BufferRelease.Disposed);

    /// <inheritdoc />
    public void MoveToOuterScope()
    {
        if (Scope is not { } owner) return;
        if (owner.Outer is { } outer) outer.Adopt(this);
        else Scope = null;
    }

    /// <inheritdoc />
    public void DetachFromScope() => Scope = null;

    internal void ReleaseNow(BufferRelease cause)
    {
        if (_release != BufferRelease.None) return;
        _release = cause;
        Scope = null;
        GC.SuppressFinalize(this);
        ReturnToPool();
    }

    /// <summary>Gives the memory back to the backend's pool (on an allocating thread: a scope's end or Dispose).</summary>
    protected abstract void ReturnToPool();

    /// <summary>Queues the memory for the backend to take back on its next allocation. Runs on the finalizer thread: enqueue only.</summary>
    protected abstract void ReturnFromFinalizer();
}
