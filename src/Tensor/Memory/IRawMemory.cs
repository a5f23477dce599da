namespace Engine.Tensors;

/// <summary>
/// What a backend gives <see cref="BlockPool{TBlock}"/>: raw blocks of its memory (a host array,
/// a device allocation). The pool decides when to allocate and free; a backend only says how.
/// Both methods are called on the thread that allocates tensors, never on the finalizer thread.
/// </summary>
/// <typeparam name="TBlock">The backend's block type (e.g. <c>float[]</c>, an ILGPU <c>MemoryBuffer1D</c>).</typeparam>
public interface IRawMemory<TBlock> where TBlock : class
{
    /// <summary>Name used in messages ("cpu float32", "cuda:0").</summary>
    string Name { get; }

    /// <summary>A new block of exactly <paramref name="bytes"/> bytes (a size class), or null when the memory is exhausted.</summary>
    TBlock? TryAllocate(long bytes);

    /// <summary>Gives a block back to the backend for good.</summary>
    void Free(TBlock block);
}
