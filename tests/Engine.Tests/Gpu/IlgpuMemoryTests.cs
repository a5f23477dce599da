using Engine.Kernels.Ilgpu;
using Engine.Tensors;
using Xunit;
using Xunit.Abstractions;

namespace Engine.Tests.Gpu;

/// <summary>
/// ILGPU device memory on the project's size-class pool: buffers return at their scope's end,
/// ones dropped outside any scope come back through their finalizers on the next allocation, an
/// exhausted device trims the pool once and then fails by name, and nothing forces a collection.
/// </summary>
[Collection(nameof(GcCountingCollection))]
public sealed class IlgpuMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void Scoped_steps_hold_flat_device_memory_without_forcing_a_collection()
    {
        using var device = IlgpuBackend.CreateEmulator();
        const int steps = 1_000;
        long firstHalfMax = 0, secondHalfMax = 0;
        var gen2 = -1;
        for (var i = 0; i < steps; i++)
        {
            using (BufferScope.Begin())
            {
                // A step's worth of temporaries of a few sizes, one launch writing into them.
                var x = device.Allocate(DType.Float32, 256 + i % 7);
                _ = device.Allocate(DType.Float64, 1000);
                _ = device.Allocate(DType.Float32, 4096 + 64 * (i % 3));
                device.Fill(new NDArray(x, [x.Length], [1]), i);
            }
            // Warm-up: the first steps compile the kernel and fill the pool's size classes.
            if (i == 9) gen2 = GC.CollectionCount(2);
            var held = device.MemoryStats.HeldBytes;
            if (i >= 10 && i < steps / 2) firstHalfMax = Math.Max(firstHalfMax, held);
            else if (i >= steps / 2) secondHalfMax = Math.Max(secondHalfMax, held);
        }
        var stats = device.MemoryStats;
        output.WriteLine($"held max {firstHalfMax} bytes in steps 10-{steps / 2 - 1}, {secondHalfMax} in {steps / 2}-{steps - 1}; {stats}");
        Assert.Equal(firstHalfMax, secondHalfMax);
        Assert.Equal(0, stats.InUseBytes);
        // Every step's buffers came back at the scope's end: nothing waited for a finalizer.
        Assert.Equal(0, stats.FinalizerReturns);
        Assert.True(stats.Reuses > 100 * stats.RawAllocations, $"the pool served {stats.Reuses} rents from warm blocks against {stats.RawAllocations} allocations");
        // Steps that make little managed garbage trigger no full collection unless the backend forces one.
        Assert.Equal(gen2, GC.CollectionCount(2));
    }

    [Fact]
    public void A_buffer_dropped_outside_any_scope_returns_through_its_finalizer_on_the_next_allocation()
    {
        using var device = IlgpuBackend.CreateEmulator();
        DropOne(device);
        // The test, not the backend, collects: in a run the GC does so on its own schedule.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.Equal(0, device.MemoryStats.FinalizerReturns);  // queued, not yet taken back (the finalizer thread touches nothing)
        using var next = (IlgpuBuffer)device.Allocate(DType.Float32, 1 << 16);
        var stats = device.MemoryStats;
        Assert.Equal(1, stats.FinalizerReturns);
        Assert.Equal(1, stats.RawAllocations);
        Assert.Equal(1, stats.Reuses);
    }

    [Fact]
    public void An_exhausted_device_trims_the_pool_then_fails_naming_the_backend_the_bytes_and_the_holdings()
    {
        using var device = IlgpuBackend.CreateEmulator(memoryLimitBytes: 1 << 20);
        var kept = device.Allocate(DType.Float32, 1 << 16);  // 256 KiB in use
        device.Allocate(DType.Float32, 1 << 17).Dispose();  // 512 KiB cached
        // 320 KiB more fits the 1 MiB device only once the pool gives its cached block back.
        device.Allocate(DType.Float32, 5 << 14).Dispose();
        Assert.Equal(3, device.MemoryStats.RawAllocations);
        Assert.Equal(5L << 16, device.MemoryStats.PooledBytes);
        var gen2 = GC.CollectionCount(2);
        var e = Assert.Throws<OutOfMemoryException>(() => device.Allocate(DType.Float32, 1 << 18));
        Assert.Equal(gen2, GC.CollectionCount(2));
        output.WriteLine(e.Message);
        Assert.StartsWith("ilgpu-cpu: out of memory: 1048576 bytes requested", e.Message);
        Assert.Contains("262144 bytes in live buffers", e.Message);
        kept.Dispose();
    }

    private static void DropOne(IlgpuBackend device) => _ = device.Allocate(DType.Float32, 1 << 16);
}

/// <summary>Tests that count garbage collections run alone: another test's allocations would move the count.</summary>
[CollectionDefinition(nameof(GcCountingCollection), DisableParallelization = true)]
public sealed class GcCountingCollection;
