namespace Engine.Tensors;

/// <summary>
/// A backend whose buffers come from a <see cref="BlockPool{TBlock}"/>: its counters say how much
/// memory the pool holds, so a run's memory trace can tell pooled tensor memory from the rest of
/// the process.
/// </summary>
public interface IPooledMemory
{
    /// <summary>The pool's counters now (bytes are size-class bytes).</summary>
    PoolStats MemoryStats { get; }
}
