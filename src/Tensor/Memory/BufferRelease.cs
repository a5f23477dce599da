namespace Engine.Tensors;

/// <summary>Whether a buffer still holds its memory, and if not, what took it.</summary>
public enum BufferRelease
{
    /// <summary>Live: its memory may be read and written.</summary>
    None,

    /// <summary>Released when the <see cref="BufferScope"/> that owned it ended.</summary>
    ScopeEnded,

    /// <summary>Released by an explicit Dispose.</summary>
    Disposed,
}
