namespace Engine.Tensors;

/// <summary>
/// Thrown when a tensor (or <see cref="NDArray"/>, or buffer) is used after its memory went back to
/// its backend's pool: its <see cref="BufferScope"/> ended or it was disposed. The message names the op and the shape.
/// </summary>
public sealed class BufferReleasedException(string message) : InvalidOperationException(message);
