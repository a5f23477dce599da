using Engine.Tensors;

namespace Engine.Autodiff;

/// <summary>
/// Memory lifetime: a tensor's buffer belongs to the <see cref="BufferScope"/> it was created in
/// and goes back to the pool when that scope ends. Views and <see cref="Detach"/> share their
/// base's buffer, so they share its lifetime. The autograd graph does not extend a lifetime: a
/// graph kept with <c>retainGraph</c> can be differentiated again only while the scope that built
/// it is open; after that its backward fails, naming the op.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    /// <summary>True once this tensor's buffer went back to its pool; any use then throws <see cref="BufferReleasedException"/>.</summary>
    public bool IsReleased => Data.IsReleased;

    /// <summary>Returns the buffer to its pool now (shared by every view of it). Idempotent.</summary>
    public void Dispose() => Data.Buffer.Dispose();

    /// <summary>
    /// Hands this tensor's buffer to the scope outside the one that owns it (a result the caller
    /// keeps; outside every scope when that was the outermost); returns this tensor.
    /// </summary>
    public Tensor MoveToOuterScope()
    {
        Data.ThrowIfReleased("move to outer scope");
        Data.Buffer.MoveToOuterScope();
        return this;
    }

    /// <summary>
    /// Takes this tensor's buffer out of every scope (parameters, optimizer state, caches): it
    /// lives until <see cref="Dispose"/> or, once unreachable, the finalizer safety net; returns this tensor.
    /// </summary>
    public Tensor DetachFromScope()
    {
        Data.ThrowIfReleased("detach from scope");
        Data.Buffer.DetachFromScope();
        return this;
    }
}
