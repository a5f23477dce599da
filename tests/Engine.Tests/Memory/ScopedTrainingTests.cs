using Engine.Gan.Training;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using Xunit;

namespace Engine.Tests.Memory;

/// <summary>Counts the CPU pool's process-wide counters, so no other test may allocate meanwhile.</summary>
[CollectionDefinition(nameof(PoolCountingCollection), DisableParallelization = true)]
public sealed class PoolCountingCollection;

[Collection(nameof(PoolCountingCollection))]
public class ScopedTrainingTests
{
    private static WganTrainer Trainer(string penalty = "gp", string optimizer = "adam") =>
        new(new TrainConfig { Width = 32, Batch = 64, Iters = 10, Penalty = penalty, Optimizer = optimizer, Seed = 3 }, CpuBackend.Instance);

    [Theory]
    [InlineData("gp", "adam")]
    [InlineData("clip", "rmsprop")]
    [InlineData("sn", "adam")]
    public void StepsReleaseTheirTemporariesAndNeverTheParametersOrTheOptimizerState(string penalty, string optimizer)
    {
        WganTrainer t;
        using (var outer = BufferScope.Begin())
        {
            t = Trainer(penalty, optimizer); // built inside a scope: parameters and buffers must still survive it
            var fromConstruction = outer.OwnedCount; // temporaries of initialisation (spectral norm's u and v)
            for (var i = 0; i < 3; i++) t.RunIteration();
            // Each step had its own scope: nothing the steps made was left to the caller's.
            Assert.Equal(fromConstruction, outer.OwnedCount);
        }
        var kept = t.Critic.StateDict().Concat(t.Generator.StateDict()).Select(p => p.Value)
            .Concat(t.CriticOptimizer.State.Values).Concat(t.GeneratorOptimizer.State.Values).ToArray();
        Assert.NotEmpty(t.CriticOptimizer.State);
        Assert.All(kept, p => Assert.False(p.IsReleased));
        t.RunIteration();
        Assert.All(kept, p => Assert.False(p.IsReleased));
    }

    [Fact]
    public void AfterTheFirstIterationTrainingRunsOnPooledMemory()
    {
        var t = Trainer();
        for (var i = 0; i < 2; i++) t.RunIteration(); // iteration 0 has no generator step; iteration 1 has one
        // The pool is the process's: buffers that earlier tests dropped without a scope come back
        // through the finalizer queue whenever a collection happens to run, which would move
        // InUseBytes mid-measurement. Collect them now (the test's doing, not the engine's) and let
        // an iteration's allocations drain the queue before the counts are read.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        t.RunIteration();
        var before = CpuBackend.Instance.MemoryStats;
        for (var i = 0; i < 5; i++) t.RunIteration();
        var after = CpuBackend.Instance.MemoryStats;
        Assert.Equal(before.RawAllocations, after.RawAllocations);
        Assert.True(after.Reuses - before.Reuses > 5 * 6 * 50, $"{after.Reuses - before.Reuses} reuses in 5 iterations");
        Assert.Equal(before.InUseBytes, after.InUseBytes);
    }
}

[Collection(nameof(PoolCountingCollection))]
public class RecycledMemoryTests
{
    private static double[][] TrainAndSnapshot(string model, string penalty)
    {
        var t = new WganTrainer(new TrainConfig
        {
            Model = model, Penalty = penalty, Width = model == "toy-mlp" ? 32 : 4, Batch = 8, Iters = 3, Seed = 5,
            Dataset = model == "toy-mlp" ? "8gaussians" : "random-images",
        }, CpuBackend.Instance);
        for (var i = 0; i < 3; i++) t.RunIteration();
        return [.. t.Generator.StateDict().Concat(t.Critic.StateDict()).Select(p => p.Value.ToDoubleArray())];
    }

    [Theory]
    [InlineData("toy-mlp", "gp")]
    [InlineData("mnist-dcgan-ln", "gp")]
    [InlineData("mnist-dcgan", "sn")]
    public void NoKernelReadsItsOutputBeforeWritingIt(string model, string penalty)
    {
        var clean = TrainAndSnapshot(model, penalty);
        try
        {
            CpuBackend.FillNewBuffersWithNaN = true;
            var poisoned = TrainAndSnapshot(model, penalty);
            Assert.Equal(clean, poisoned);
        }
        finally
        {
            CpuBackend.FillNewBuffersWithNaN = false;
        }
    }
}
