namespace Engine.Tensors;

/// <summary>
/// A buffer whose memory is a block rented from a <see cref="BlockPool{TBlock}"/>: the common
/// part of every backend's buffer type. The block is dropped on release, so any later access
/// through <see cref="Block"/> throws instead of reading memory another buffer now owns.
/// </summary>
/// <typeparam name="TBlock">The backend's block type.</typeparam>
public abstract class PooledBuffer<TBlock> : ScopedBuffer where TBlock : class
{
    private readonly BlockPool<TBlock>? _pool;
    private readonly long _classBytes;
    private TBlock? _block;

    /// <summary>Rents a block of at least <paramref name="bytes"/> from <paramref name="pool"/> (joins the current scope).</summary>
    protected PooledBuffer(BlockPool<TBlock> pool, long bytes) : base(tracked: true)
    {
        _block = pool.Rent(bytes, out _classBytes);
        _pool = pool;
    }

    /// <summary>Wraps memory owned by someone else (a caller's host array): never pooled, scoped or finalized.</summary>
    protected PooledBuffer(TBlock wrapped) : base(tracked: false) => _block = wrapped ?? throw new ArgumentNullException(nameof(wrapped));

    /// <summary>The block; throws <see cref="BufferReleasedException"/> once the buffer was released.</summary>
    protected TBlock Block => _block ?? throw new BufferReleasedException(
        $"{Backend.Name}: a {DType.Name()} buffer of {Length} elements was used after {BufferScope.Describe(Release)}");

    /// <inheritdoc />
    protected override void ReturnToPool()
    {
        var block = Interlocked.Exchange(ref _block, null);
        if (block is not null) _pool?.Return(block, _classBytes);
    }

    /// <inheritdoc />
    protected override void ReturnFromFinalizer()
    {
        // A constructor that threw in Rent leaves no block to return.
        if (_block is { } block) _pool?.ReturnFromFinalizer(block, _classBytes);
    }
}
