using Engine.Tensors;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Ilgpu;

/// <summary>
/// Raw device memory of one accelerator for the project's <see cref="BlockPool{TBlock}"/>: ILGPU
/// has no pool of its own (each allocation is a cuMemAlloc, each dispose a cuMemFree). Every block
/// stays referenced here until <see cref="Free"/>, so ILGPU's own finalizers never free device
/// memory on the finalizer thread. The GC cannot see device memory, so past a budget (twice what
/// was held after the last collection, at least 64 MiB) an allocation first collects, making
/// dropped buffers' finalizers queue their blocks, and reports a miss so the pool takes them back.
/// </summary>
internal sealed class IlgpuMemory(Accelerator accelerator, string name) : IRawMemory<MemoryBuffer1D<byte, Stride1D.Dense>>
{
    private const long MinBudget = 64L << 20;
    private readonly HashSet<MemoryBuffer1D<byte, Stride1D.Dense>> _live = [];
    private readonly Lock _lock = new();
    private long _held, _budget = MinBudget;
    private bool _justCollected;

    /// <inheritdoc />
    public string Name => name;

    /// <summary>How many times an allocation collected garbage to reclaim dropped buffers.</summary>
    public int Collections { get; private set; }

    /// <inheritdoc />
    public MemoryBuffer1D<byte, Stride1D.Dense>? TryAllocate(long bytes)
    {
        lock (_lock)
        {
            if (_held + bytes > _budget && !_justCollected)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Collections++;
                _justCollected = true;
                return null;  // the pool trims (taking back the finalized blocks) and asks again
            }
            if (_justCollected) _budget = Math.Max(MinBudget, 2 * (_held + bytes));
            _justCollected = false;
            MemoryBuffer1D<byte, Stride1D.Dense> block;
            try
            {
                block = accelerator.Allocate1D<byte>(bytes);
            }
            catch (Exception e) when (e is OutOfMemoryException or AcceleratorException)
            {
                return null;
            }
            _live.Add(block);
            _held += bytes;
            return block;
        }
    }

    /// <inheritdoc />
    public void Free(MemoryBuffer1D<byte, Stride1D.Dense> block)
    {
        lock (_lock)
        {
            if (!_live.Remove(block)) return;
            _held -= block.Length;
        }
        block.Dispose();
    }

    /// <summary>Frees every block still allocated (the accelerator is going away).</summary>
    public void FreeAll()
    {
        lock (_lock)
        {
            foreach (var b in _live) b.Dispose();
            _live.Clear();
            _held = 0;
        }
    }
}
