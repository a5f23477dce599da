using Engine.Tensors;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Ilgpu;

/// <summary>
/// Raw device memory of one accelerator for the project's <see cref="BlockPool{TBlock}"/>: ILGPU
/// has no pool of its own (each allocation is a cuMemAlloc, each dispose a cuMemFree). Every block
/// stays referenced here until <see cref="Free"/>, so ILGPU's own finalizers never free device
/// memory on the finalizer thread. Nothing here collects garbage: buffers come back at their
/// scope's end, and ones that escaped every scope come back through the pool's finalizer queue.
/// An exhausted device reports a miss; the pool then trims its cached blocks and asks once more.
/// </summary>
internal sealed class IlgpuMemory(Accelerator accelerator, string name, long limitBytes = long.MaxValue)
    : IRawMemory<MemoryBuffer1D<byte, Stride1D.Dense>>
{
    private readonly HashSet<MemoryBuffer1D<byte, Stride1D.Dense>> _live = [];
    private readonly Lock _lock = new();
    private long _held;

    /// <inheritdoc />
    public string Name => name;

    /// <inheritdoc />
    public MemoryBuffer1D<byte, Stride1D.Dense>? TryAllocate(long bytes)
    {
        lock (_lock)
        {
            // The limit stands in for a full device where tests need one (the emulator's memory is the host's).
            if (_held + bytes > limitBytes) return null;
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
