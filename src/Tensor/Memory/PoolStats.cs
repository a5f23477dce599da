namespace Engine.Tensors;

/// <summary>Counters of one <see cref="BlockPool{TBlock}"/> (bytes are size-class bytes).</summary>
/// <param name="RawAllocations">Blocks allocated from the backend (pool misses).</param>
/// <param name="Reuses">Rents served from the pool (warm memory).</param>
/// <param name="Returns">Blocks given back by a scope's end or an explicit Dispose.</param>
/// <param name="FinalizerReturns">Blocks of buffers that escaped every scope, taken back from the finalizer queue.</param>
/// <param name="InUseBytes">Held by live buffers.</param>
/// <param name="PooledBytes">Free in the pool, ready for reuse.</param>
/// <param name="PeakHeldBytes">The most ever held from the backend (in use plus pooled).</param>
public readonly record struct PoolStats(long RawAllocations, long Reuses, long Returns, long FinalizerReturns,
    long InUseBytes, long PooledBytes, long PeakHeldBytes)
{
    /// <summary>Held from the backend now: in use plus pooled.</summary>
    public long HeldBytes => InUseBytes + PooledBytes;

    /// <summary>The counters of two pools together (peaks add: an upper bound of the joint peak).</summary>
    public static PoolStats operator +(PoolStats a, PoolStats b) => new(a.RawAllocations + b.RawAllocations, a.Reuses + b.Reuses,
        a.Returns + b.Returns, a.FinalizerReturns + b.FinalizerReturns, a.InUseBytes + b.InUseBytes, a.PooledBytes + b.PooledBytes,
        a.PeakHeldBytes + b.PeakHeldBytes);
}
