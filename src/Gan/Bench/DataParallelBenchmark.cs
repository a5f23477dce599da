using System.Diagnostics;
using Engine.Distributed;
using Engine.Gan.Training;
using Engine.Tensors;

namespace Engine.Gan.Bench;

/// <summary>What a data-parallel training iteration costs on one group of ranks.</summary>
/// <param name="Ranks">Processes in the group (1: a plain single-process run).</param>
/// <param name="Collective">What carried the all-reduces.</param>
/// <param name="GlobalBatch">Samples per step over all ranks.</param>
/// <param name="Iteration">Wall time of one training iteration (one generator step and the critic steps) on rank 0.</param>
/// <param name="AllReduceMs">
/// Median time per iteration spent summing gradients (host staging and the all-reduces) inside the
/// iterations, on rank 0; it includes waiting for the slowest rank to arrive.
/// </param>
/// <param name="AllReduceAloneMs">
/// The same sums of one iteration (the generator's and the critic's gradients, one and
/// CriticIters times) timed alone after a barrier, median: the cost of the communication itself.
/// </param>
/// <param name="BucketsPerIteration">All-reduce calls per iteration for the gradients.</param>
public sealed record DataParallelTiming(int Ranks, string Collective, int GlobalBatch, StepTimings Iteration, double AllReduceMs, double AllReduceAloneMs, double BucketsPerIteration)
{
    /// <summary>Training samples (real samples seen by the critic) per second over all ranks.</summary>
    public double SamplesPerSecond(int criticIters) => GlobalBatch * criticIters / (Iteration.MedianMs / 1e3);
}

/// <summary>
/// Times whole training iterations of a data-parallel run (<c>engine bench --data-parallel</c>, under
/// <c>mpirun -np N</c> or alone), so the step time for N = 1, 2, ... ranks and the share the
/// gradient all-reduce takes can be set side by side. Rank 0 decides when the time budget is spent
/// and tells the others, so every rank runs the same number of iterations.
/// </summary>
public static class DataParallelBenchmark
{
    /// <summary>Runs <paramref name="warmup"/> untimed iterations, then timed ones for about <paramref name="seconds"/> (at least 3).</summary>
    public static DataParallelTiming Run(TrainConfig config, IBackend backend, ICollective collective, double seconds, int warmup = 2)
    {
        var parallel = collective.Size > 1 ? new DataParallel(collective, config.EffectiveBatch) : null;
        var trainer = new WganTrainer(config with { Iters = int.MaxValue / 2 }, backend, parallel: parallel);
        for (var i = 0; i < warmup; i++) trainer.RunIteration();
        var iterationMs = new List<double>();
        var reduceMs = new List<double>();
        long buckets = 0;
        var budget = Stopwatch.StartNew();
        while (true)
        {
            var reducedBefore = parallel?.Gradients.Elapsed ?? TimeSpan.Zero;
            var bucketsBefore = parallel?.Gradients.Buckets ?? 0;
            var clock = Stopwatch.StartNew();
            trainer.RunIteration();
            backend.Synchronize();
            iterationMs.Add(clock.Elapsed.TotalMilliseconds);
            reduceMs.Add(((parallel?.Gradients.Elapsed ?? TimeSpan.Zero) - reducedBefore).TotalMilliseconds);
            buckets += (parallel?.Gradients.Buckets ?? 0) - bucketsBefore;
            var done = iterationMs.Count >= 3 && budget.Elapsed.TotalSeconds >= seconds;
            if (collective.Broadcast(done ? 1 : 0, root: 0) == 1) break;
        }
        var sortedReduce = reduceMs.Order().ToArray();
        return new DataParallelTiming(collective.Size, collective.Name, config.EffectiveBatch, StepTimings.Of(iterationMs),
            StepTimings.Quantile(sortedReduce, 0.5), parallel is null ? 0 : AllReduceAlone(parallel, trainer), (double)buckets / iterationMs.Count);
    }

    /// <summary>Median over repetitions of one iteration's gradient sums, each started after a barrier so no rank waits for another.</summary>
    private static double AllReduceAlone(DataParallel parallel, WganTrainer trainer, int repetitions = 15)
    {
        // Parameters have the gradients' shapes and dtype: sum them as stand-ins.
        var critic = trainer.CriticParameters.Select(p => (NDArray?)p.Data).ToArray();
        var generator = trainer.Generator.Parameters().Select(p => (NDArray?)p.Data).ToArray();
        var ms = new double[repetitions];
        for (var r = 0; r < repetitions; r++)
        {
            parallel.Collective.Barrier();
            var clock = Stopwatch.StartNew();
            parallel.Gradients.Sum(generator);
            for (var k = 0; k < trainer.Config.CriticIters; k++) parallel.Gradients.Sum(critic);
            ms[r] = clock.Elapsed.TotalMilliseconds;
        }
        return StepTimings.Quantile(ms.Order().ToArray(), 0.5);
    }
}
