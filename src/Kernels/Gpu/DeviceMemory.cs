namespace Engine.Kernels.Gpu;

/// <summary>Device memory accounting of one GPU backend, in bytes.</summary>
/// <param name="DeviceBytes">Held from the device: in use plus pooled.</param>
/// <param name="InUseBytes">Backing live buffers (or buffers the GC has not yet finalized).</param>
/// <param name="PeakDeviceBytes">The most ever held from the device.</param>
/// <param name="DeviceAllocations">Allocations made on the device (pool misses).</param>
/// <param name="Collections">Garbage collections the pool forced to reclaim unreachable buffers.</param>
public readonly record struct DeviceMemoryStats(long DeviceBytes, long InUseBytes, long PeakDeviceBytes, long DeviceAllocations, long Collections);

/// <summary>
/// A size-class pool over one device's memory. A buffer's allocation goes back to the pool when the
/// buffer is finalized; tensors have no Dispose, so unreachable buffers are reclaimed by a full
/// garbage collection that the pool forces once in-use memory passes a budget (twice what was live
/// after the last forced collection, at least 64 MiB). Memory held from the device therefore stays
/// bounded by about twice the live working set: a training loop does not grow it step after step.
/// </summary>
internal sealed class DeviceMemory(IGpuRuntime runtime)
{
    private const long MinBudget = 64L << 20;
    private readonly Dictionary<long, Stack<ulong>> _free = new();
    private readonly Lock _lock = new();
    private long _deviceBytes, _inUse, _peak, _allocations, _collections, _budget = MinBudget;

    public DeviceMemoryStats Stats
    {
        get { lock (_lock) return new(_deviceBytes, _inUse, _peak, _allocations, _collections); }
    }

    /// <summary>Size classes: 256 B, then four per power of two (x1, x1.25, x1.5, x1.75), so at most 25% is wasted.</summary>
    public static long SizeClass(long bytes)
    {
        if (bytes <= 256) return 256;
        var p = 1L << (int)(63 - long.LeadingZeroCount(bytes - 1));
        for (var k = 1; k <= 4; k++)
        {
            var c = p + k * (p / 4);
            if (c >= bytes) return c;
        }
        return 2 * p;
    }

    /// <summary>A device allocation of at least <paramref name="bytes"/>: pooled when one of its size class is free.</summary>
    public (ulong Handle, long Bytes) Rent(long bytes)
    {
        var size = SizeClass(bytes);
        bool overBudget;
        lock (_lock) overBudget = _inUse + size > _budget;
        if (overBudget) CollectUnreachable();
        lock (_lock)
        {
            if (_free.TryGetValue(size, out var stack) && stack.Count > 0)
            {
                _inUse += size;
                return (stack.Pop(), size);
            }
        }
        var handle = runtime.TryAllocate(size);
        if (handle is null)
        {
            // Out of device memory: reclaim every unreachable buffer, give the pooled memory back, retry once.
            CollectUnreachable();
            Trim();
            handle = runtime.TryAllocate(size)
                ?? throw new GpuException($"{runtime.Dialect}: out of device memory on {runtime.DeviceName}: {size} bytes requested, {Stats.InUseBytes} in use of {runtime.TotalMemory}");
        }
        lock (_lock)
        {
            _inUse += size;
            _deviceBytes += size;
            _allocations++;
            _peak = Math.Max(_peak, _deviceBytes);
        }
        return (handle.Value, size);
    }

    /// <summary>Returns an allocation to the pool (called from finalizers, so it must not call the device API).</summary>
    public void Return(ulong handle, long bytes)
    {
        lock (_lock)
        {
            if (!_free.TryGetValue(bytes, out var stack)) _free[bytes] = stack = new Stack<ulong>();
            stack.Push(handle);
            _inUse -= bytes;
        }
    }

    /// <summary>Frees every pooled allocation back to the device.</summary>
    public void Trim()
    {
        List<(ulong, long)> release = [];
        lock (_lock)
        {
            foreach (var (size, stack) in _free)
                while (stack.Count > 0) release.Add((stack.Pop(), size));
            foreach (var (_, size) in release) _deviceBytes -= size;
        }
        foreach (var (handle, _) in release) runtime.Free(handle);
    }

    private void CollectUnreachable()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        lock (_lock)
        {
            _collections++;
            _budget = Math.Max(MinBudget, 2 * _inUse);
        }
    }
}
