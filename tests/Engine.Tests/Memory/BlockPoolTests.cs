using System.Runtime.CompilerServices;
using Engine.Tensors;
using Xunit;

namespace Engine.Tests.Memory;

public class BlockPoolTests
{
    [Theory]
    [InlineData(0, 256)]
    [InlineData(256, 256)]
    [InlineData(257, 320)]
    [InlineData(1000, 1024)]
    [InlineData(1025, 1280)]
    [InlineData(524_288, 524_288)]
    [InlineData(524_289, 655_360)]
    public void SizeClassesAreFourPerPowerOfTwo(long bytes, long expected) => Assert.Equal(expected, SizeClasses.Of(bytes));

    [Fact]
    public void ARentAfterAReturnOfTheSameClassReusesTheBlock()
    {
        var memory = new CountingMemory();
        var pool = new BlockPool<byte[]>(memory);
        var a = pool.Rent(1000, out var size);
        Assert.Equal(1024, size);
        pool.Return(a, size);
        var b = pool.Rent(1010, out _);
        Assert.Same(a, b);
        var c = pool.Rent(5000, out _); // another class: a raw allocation
        Assert.NotSame(a, c);
        Assert.Equal(2, memory.Allocations);
        var stats = pool.Stats;
        Assert.Equal((2L, 1L, 1L), (stats.RawAllocations, stats.Reuses, stats.Returns));
        Assert.Equal(1024 + 5120, stats.InUseBytes);
        Assert.Equal(0, stats.PooledBytes);
    }

    [Fact]
    public void ScopedStepsAllocateOnlyInTheFirstStep()
    {
        var memory = new CountingMemory();
        var pool = new BlockPool<byte[]>(memory);
        for (var step = 0; step < 10; step++)
        {
            using var scope = BufferScope.Begin();
            for (var k = 1; k <= 5; k++) _ = new TestBuffer(pool, 1000 * k);
        }
        Assert.Equal(5, memory.Allocations);
        Assert.Equal(45, pool.Stats.Reuses);
        Assert.Equal(0, pool.Stats.InUseBytes);
    }

    [Fact]
    public void AFinalizedBufferComesBackThroughTheQueueOnTheNextRentNotOnTheFinalizerThread()
    {
        var memory = new CountingMemory();
        var pool = new BlockPool<byte[]>(memory);
        var (buffer, block) = Escape(pool);
        // The test (never the engine) forces a collection to make the buffer's finalizer run.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(buffer.IsAlive, "the escaped buffer is still reachable");
        Assert.Equal(0, pool.Stats.FinalizerReturns); // only queued so far
        var again = new TestBuffer(pool, 4000);
        Assert.Same(block.Target, again.Bytes);
        Assert.Equal(1, pool.Stats.FinalizerReturns);
        Assert.Equal(1, pool.Stats.Reuses);
        Assert.Equal(1, memory.Allocations);
        Assert.Equal([Environment.CurrentManagedThreadId], memory.Threads);
        GC.KeepAlive(again);
    }

    // In its own frame so no local keeps the buffer reachable.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Buffer, WeakReference Block) Escape(BlockPool<byte[]> pool)
    {
        var buffer = new TestBuffer(pool, 4000);
        return (new WeakReference(buffer), new WeakReference(buffer.Bytes, trackResurrection: true));
    }

    [Fact]
    public void ADisposedBufferIsNotReturnedTwiceByItsFinalizer()
    {
        var memory = new CountingMemory();
        var pool = new BlockPool<byte[]>(memory);
        DisposeAndDrop(pool);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        _ = pool.Rent(10, out _);
        Assert.Equal((1L, 0L), (pool.Stats.Returns, pool.Stats.FinalizerReturns));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DisposeAndDrop(BlockPool<byte[]> pool) => new TestBuffer(pool, 4000).Dispose();

    [Fact]
    public void ReturnsBeyondTheCapGoBackToTheBackend()
    {
        var memory = new CountingMemory();
        var pool = new BlockPool<byte[]>(memory) { MaxPooledBytes = 2048 };
        var blocks = Enumerable.Range(0, 3).Select(_ => pool.Rent(1024, out long _)).ToArray();
        foreach (var b in blocks) pool.Return(b, 1024);
        Assert.Equal(1, memory.Frees);
        Assert.Equal(2048, pool.Stats.PooledBytes);
        pool.Trim();
        Assert.Equal(3, memory.Frees);
        Assert.Equal(0, pool.Stats.HeldBytes);
    }

    [Fact]
    public void ExhaustedMemoryTrimsThePoolThenFailsNamingTheRequest()
    {
        var memory = new CountingMemory();
        var pool = new BlockPool<byte[]>(memory);
        pool.Return(pool.Rent(300, out _), 320);
        memory.Exhausted = true;
        var e = Assert.Throws<OutOfMemoryException>(() => pool.Rent(100_000, out _));
        Assert.Contains("counting: out of memory: 114688 bytes requested", e.Message);
        Assert.Equal(1, memory.Frees); // the pooled block was given back before failing
    }
}
