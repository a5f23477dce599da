using Engine.Tensors;

namespace Engine.Tests.Memory;

/// <summary>A raw memory that counts its calls and the threads they came from, for pool tests.</summary>
internal sealed class CountingMemory : IRawMemory<byte[]>
{
    private readonly object _gate = new();

    public string Name => "counting";

    public int Allocations { get; private set; }

    public int Frees { get; private set; }

    /// <summary>Managed thread ids of every TryAllocate and Free call.</summary>
    public HashSet<int> Threads { get; } = [];

    /// <summary>When set, TryAllocate reports exhaustion.</summary>
    public bool Exhausted { get; set; }

    public byte[]? TryAllocate(long bytes)
    {
        lock (_gate)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            if (Exhausted) return null;
            Allocations++;
            return new byte[bytes];
        }
    }

    public void Free(byte[] block)
    {
        lock (_gate)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            Frees++;
        }
    }
}

/// <summary>A pooled buffer over <see cref="CountingMemory"/>'s blocks (a stand-in for a device backend's buffer).</summary>
internal sealed class TestBuffer(BlockPool<byte[]> pool, int length) : PooledBuffer<byte[]>(pool, length)
{
    public override IBackend Backend => Engine.Kernels.Cpu.CpuBackend.Instance;

    public override DType DType => DType.Float32;

    public override int Length { get; } = length;

    public byte[] Bytes => Block;
}
