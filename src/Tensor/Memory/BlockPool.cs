using System.Collections.Concurrent;

namespace Engine.Tensors;

/// <summary>
/// A size-class pool of one backend's raw blocks (see <see cref="IRawMemory{TBlock}"/>). A buffer
/// rents a block when it is allocated and returns it when its scope ends or it is disposed, so a
/// training step that allocates the same sizes every time runs on warm memory: no page faults on
/// the CPU, no cuMemAlloc/cuMemFree on a device. Blocks of buffers that escaped every scope come
/// back through a queue their finalizers fill; the pool drains it on the next rent, on the
/// allocating thread, so the finalizer thread never touches the backend. Nothing here waits for
/// the garbage collector or forces a collection. Thread-safe.
/// </summary>
/// <typeparam name="TBlock">The backend's block type.</typeparam>
public sealed class BlockPool<TBlock> where TBlock : class
{
    private readonly IRawMemory<TBlock> _memory;
    private readonly Dictionary<long, Stack<TBlock>> _free = [];
    private readonly ConcurrentQueue<(TBlock Block, long Bytes)> _finalized = new();
    private readonly Lock _lock = new();
    private long _rawAllocations, _reuses, _returns, _finalizerReturns, _inUse, _pooled, _peak;

    /// <summary>Creates an empty pool over <paramref name="memory"/>.</summary>
    public BlockPool(IRawMemory<TBlock> memory) => _memory = memory ?? throw new ArgumentNullException(nameof(memory));

    /// <summary>
    /// The most bytes kept free in the pool; a block returned beyond it goes back to the backend.
    /// Bounds what a burst (a large evaluation) leaves held after it ends. Default 1 GiB.
    /// </summary>
    public long MaxPooledBytes { get; set; } = 1L << 30;

    /// <summary>The counters (a consistent snapshot).</summary>
    public PoolStats Stats
    {
        get
        {
            lock (_lock) return new(_rawAllocations, _reuses, _returns, _finalizerReturns, _inUse, _pooled, _peak);
        }
    }

    /// <summary>A block of at least <paramref name="bytes"/> bytes: a warm one of its size class when the pool has one.</summary>
    /// <param name="bytes">Bytes needed.</param>
    /// <param name="classBytes">The block's size (its size class), to pass back to <see cref="Return"/>.</param>
    public TBlock Rent(long bytes, out long classBytes)
    {
        var size = SizeClasses.Of(bytes);
        classBytes = size;
        DrainFinalized();
        lock (_lock)
        {
            if (_free.TryGetValue(size, out var stack) && stack.Count > 0)
            {
                _reuses++;
                _pooled -= size;
                _inUse += size;
                return stack.Pop();
            }
        }
        var block = _memory.TryAllocate(size);
        if (block is null)
        {
            // Exhausted: give every pooled block back to the backend and try once more.
            Trim();
            block = _memory.TryAllocate(size) ?? throw new OutOfMemoryException(Exhausted(bytes, size));
        }
        lock (_lock)
        {
            _rawAllocations++;
            _inUse += size;
            _peak = Math.Max(_peak, _inUse + _pooled);
        }
        return block;
    }

    /// <summary>Takes a block back (a scope ended or a buffer was disposed). Call on an allocating thread, never from a finalizer.</summary>
    public void Return(TBlock block, long classBytes)
    {
        ArgumentNullException.ThrowIfNull(block);
        lock (_lock) _returns++;
        Put(block, classBytes);
    }

    /// <summary>
    /// Queues the block of a finalized buffer. Safe on the finalizer thread: it only enqueues; the
    /// block is taken back on the next <see cref="Rent"/>.
    /// </summary>
    public void ReturnFromFinalizer(TBlock block, long classBytes) => _finalized.Enqueue((block, classBytes));

    /// <summary>Frees every pooled block back to the backend (and takes back any queued by finalizers first).</summary>
    public void Trim()
    {
        DrainFinalized();
        List<TBlock> release = [];
        lock (_lock)
        {
            foreach (var stack in _free.Values)
                while (stack.Count > 0) release.Add(stack.Pop());
            _pooled = 0;
        }
        foreach (var block in release) _memory.Free(block);
    }

    private string Exhausted(long bytes, long size)
    {
        var stats = Stats;
        return $"{_memory.Name}: out of memory: {size} bytes requested ({bytes} asked, rounded to its size class) after trimming the pool; " +
            $"it holds {stats.InUseBytes} bytes in live buffers, {stats.PooledBytes} cached, peak {stats.PeakHeldBytes}";
    }

    private void DrainFinalized()
    {
        while (_finalized.TryDequeue(out var entry))
        {
            lock (_lock) _finalizerReturns++;
            Put(entry.Block, entry.Bytes);
        }
    }

    private void Put(TBlock block, long size)
    {
        lock (_lock)
        {
            _inUse -= size;
            if (_pooled + size <= MaxPooledBytes)
            {
                if (!_free.TryGetValue(size, out var stack)) _free[size] = stack = new Stack<TBlock>();
                stack.Push(block);
                _pooled += size;
                return;
            }
        }
        _memory.Free(block);
    }
}
