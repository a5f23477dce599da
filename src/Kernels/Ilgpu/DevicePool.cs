using System.Collections.Concurrent;
using System.Numerics;
using Engine.Tensors;
using ILGPU.Runtime;

namespace Engine.Kernels.Ilgpu;

/// <summary>
/// Device memory by size class (powers of two elements, per dtype): ILGPU has no pool of its own,
/// so each ILGPU allocation is a cuMemAlloc and each dispose a cuMemFree. A released buffer goes
/// back to its class and the next request of that class reuses it. The pool keeps every
/// allocation reachable until the backend is disposed, so neither ILGPU's finalizers nor ours ever
/// free device memory on the finalizer thread: a finalized <see cref="IlgpuBuffer"/> only queues
/// its block, and the next <see cref="Rent"/> (on the backend's thread) puts it back.
/// </summary>
internal sealed class DevicePool(Accelerator accelerator)
{
    private const int MinClass = 6;  // 64 elements: smaller requests share one class
    private const long MinBudget = 64L << 20;
    private long _budget = MinBudget;
    private readonly Dictionary<(DType, int), Stack<MemoryBuffer>> _free = new();
    private readonly List<MemoryBuffer> _all = [];
    private readonly ConcurrentQueue<(DType, int, MemoryBuffer)> _released = new();
    private readonly Lock _lock = new();

    /// <summary>Bytes held from the device (free and in use).</summary>
    public long HeldBytes { get; private set; }

    /// <summary>Bytes in buffers handed out and not yet returned.</summary>
    public long InUseBytes { get; private set; }

    /// <summary>The most bytes held at once.</summary>
    public long PeakHeldBytes { get; private set; }

    /// <summary>How many times the pool ran the garbage collector to reclaim dropped buffers.</summary>
    public int Collections { get; private set; }

    /// <summary>A block of at least <paramref name="length"/> elements and its size class.</summary>
    public (MemoryBuffer Block, int SizeClass) Rent(DType dtype, int length)
    {
        var cls = Math.Max(MinClass, length <= 1 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)(length - 1)));
        lock (_lock)
        {
            var bytes = (1L << cls) * dtype.SizeOf();
            if (InUseBytes + bytes > _budget)
            {
                // The GC cannot see device memory: past the budget, collect so that dropped buffers'
                // finalizers queue their blocks, then set the budget from what is really in use.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Collections++;
                Drain();
                _budget = Math.Max(MinBudget, 2 * (InUseBytes + bytes));
            }
            Drain();
            InUseBytes += bytes;
            if (_free.TryGetValue((dtype, cls), out var stack) && stack.Count > 0) return (stack.Pop(), cls);
            MemoryBuffer block = dtype == DType.Float32 ? accelerator.Allocate1D<float>(1L << cls) : accelerator.Allocate1D<double>(1L << cls);
            _all.Add(block);
            HeldBytes += bytes;
            PeakHeldBytes = Math.Max(PeakHeldBytes, HeldBytes);
            return (block, cls);
        }
    }

    /// <summary>Returns a block now (explicit dispose, on the caller's thread).</summary>
    public void Return(DType dtype, int sizeClass, MemoryBuffer block)
    {
        lock (_lock) ReturnLocked(dtype, sizeClass, block);
    }

    /// <summary>Queues a block for return (from a finalizer: no lock, no device call).</summary>
    public void ReturnLater(DType dtype, int sizeClass, MemoryBuffer block) => _released.Enqueue((dtype, sizeClass, block));

    private void Drain()
    {
        while (_released.TryDequeue(out var r)) ReturnLocked(r.Item1, r.Item2, r.Item3);
    }

    private void ReturnLocked(DType dtype, int cls, MemoryBuffer block)
    {
        if (!_free.TryGetValue((dtype, cls), out var stack)) _free[(dtype, cls)] = stack = new Stack<MemoryBuffer>();
        stack.Push(block);
        InUseBytes -= (1L << cls) * dtype.SizeOf();
    }

    /// <summary>Frees every block (the backend is going away).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            foreach (var b in _all) b.Dispose();
            _all.Clear();
            _free.Clear();
            HeldBytes = InUseBytes = 0;
        }
    }
}
