using Engine.Kernels.Ilgpu;
using Engine.Tensors;
using Xunit;
using Xunit.Abstractions;

namespace Engine.Tests.Gpu;

/// <summary>ILGPU device memory on the project's size-class pool: buffers dropped outside any scope come back through their finalizers.</summary>
public sealed class IlgpuMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void Dropped_buffers_return_to_the_pool()
    {
        using var device = IlgpuBackend.CreateEmulator();
        // 2,000 dropped 1 MiB buffers (2 GiB in all) must reuse a bounded pool.
        for (var i = 0; i < 2_000; i++) _ = device.Allocate(DType.Float32, 1 << 18);
        var memory = device.MemoryStats;
        output.WriteLine($"{memory}; {device.MemoryCollections} collections");
        Assert.True(memory.PeakHeldBytes < 256L << 20, $"peak {memory.PeakHeldBytes} bytes: dropped buffers were not reclaimed");
        Assert.True(device.MemoryCollections > 0 && memory.FinalizerReturns > 0);
        var kept = (IlgpuBuffer)device.Allocate(DType.Float64, 1000);
        kept.Dispose();
        Assert.Throws<BufferReleasedException>(() => device.Fill(new NDArray(kept, [1000], [1]), 1));
    }
}
