namespace Engine.Tensors;

/// <summary>
/// A region (TorchSharp's <c>NewDisposeScope</c>) whose end releases every buffer allocated in it
/// back to its backend's pool, except those moved out (<see cref="IDeviceBuffer.MoveToOuterScope"/>,
/// for a result the caller keeps) or detached (<see cref="IDeviceBuffer.DetachFromScope"/>, for
/// parameters and optimizer state). Scopes nest per thread; ending one ends any still open inside
/// it, and an exception unwinding a <c>using</c> ends it like a normal exit. A buffer used after
/// its scope ended throws <see cref="BufferReleasedException"/>.
/// </summary>
/// <example><code>
/// using (BufferScope.Begin())
/// {
///     var loss = critic.Forward(x).Mean();   // every temporary of the step belongs to the scope
///     return loss.Item();                    // a host value escapes; the buffers go back to the pool
/// }
/// </code></example>
public sealed class BufferScope : IDisposable
{
    [ThreadStatic] private static BufferScope? t_current;
    private readonly List<ScopedBuffer> _owned = [];
    private readonly Thread _thread = Thread.CurrentThread;

    private BufferScope(BufferScope? outer)
    {
        Outer = outer;
        Depth = outer is null ? 1 : outer.Depth + 1;
    }

    /// <summary>The innermost open scope of this thread, or null.</summary>
    public static BufferScope? Current => t_current;

    /// <summary>Opens a scope nested in <see cref="Current"/>; end it with <see cref="Dispose"/> (a <c>using</c>).</summary>
    public static BufferScope Begin() => t_current = new BufferScope(t_current);

    /// <summary>The scope this one is nested in, or null for an outermost scope.</summary>
    public BufferScope? Outer { get; }

    /// <summary>1 for an outermost scope, 2 inside it, and so on.</summary>
    public int Depth { get; }

    /// <summary>True once the scope has ended.</summary>
    public bool IsEnded { get; private set; }

    /// <summary>Buffers this scope will release when it ends (live, not moved out or detached).</summary>
    public int OwnedCount => _owned.Count(b => ReferenceEquals(b.Scope, this) && !b.IsReleased);

    internal void Adopt(ScopedBuffer buffer)
    {
        if (IsEnded)
            throw new InvalidOperationException($"buffer scope: cannot take a {buffer.DType.Name()} buffer into a scope (depth {Depth}) that has ended");
        buffer.Scope = this;
        _owned.Add(buffer);
    }

    /// <summary>Ends the scope: ends inner scopes still open, then releases every buffer it owns. Idempotent.</summary>
    public void Dispose()
    {
        if (IsEnded) return;
        if (_thread != Thread.CurrentThread)
            throw new InvalidOperationException($"buffer scope: a scope (depth {Depth}) must end on the thread that began it");
        while (t_current is { } inner && inner != this && inner.Depth > Depth) inner.Dispose();
        IsEnded = true;
        foreach (var buffer in _owned)
            if (ReferenceEquals(buffer.Scope, this)) buffer.ReleaseNow(BufferRelease.ScopeEnded);
        _owned.Clear();
        if (t_current == this) t_current = Outer;
    }

    /// <summary>"its scope ended" / "it was disposed", for messages.</summary>
    public static string Describe(BufferRelease release) => release switch
    {
        BufferRelease.ScopeEnded => "its buffer scope ended (its memory went back to the pool)",
        BufferRelease.Disposed => "it was disposed (its memory went back to the pool)",
        _ => "it was released",
    };
}
