using Engine.Autodiff;
using Engine.Distributed;
using Engine.Gan.Training;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using Xunit;

namespace Engine.Tests.Distributed;

/// <summary>
/// Data parallelism without MPI: batch shares, fills indexed by global sample, the bucketed
/// all-reduce, and whole trainers on 2 and 3 thread ranks (<see cref="InProcessGroup"/>) against one process.
/// </summary>
public sealed class DataParallelTests
{
    private static readonly IBackend Cpu = CpuBackend.Instance;

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 256)]
    [InlineData(3, 13)]
    [InlineData(4, 4)]
    public void Shares_cover_the_global_batch_once_in_rank_order(int ranks, int total)
    {
        var shares = Enumerable.Range(0, ranks).Select(r => BatchShare.Of(r, ranks, total)).ToArray();
        Assert.Equal(0, shares[0].Offset);
        for (var r = 1; r < ranks; r++) Assert.Equal(shares[r - 1].Offset + shares[r - 1].Count, shares[r].Offset);
        Assert.Equal(total, shares.Sum(s => s.Count));
        Assert.All(shares, s => Assert.InRange(s.Count, total / ranks, total / ranks + 1));
        Assert.Equal(1.0, shares.Sum(s => s.Weight), 12);
    }

    [Fact]
    public void A_batch_smaller_than_the_ranks_is_refused_with_both_numbers()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => BatchShare.Of(0, 4, 3));
        Assert.Contains("global batch of 3", e.Message);
        Assert.Contains("4 ranks", e.Message);
    }

    [Theory]
    [InlineData(RandomDistribution.Uniform)]
    [InlineData(RandomDistribution.Normal)]
    public void A_shared_fill_draws_its_rows_of_the_global_fill_and_advances_like_it(RandomDistribution distribution)
    {
        const int total = 11, width = 3;
        var global = new RandomStream(42, 5);
        var whole = Fill(global, [total, width], distribution);
        var after = Fill(global, [2, 2], distribution);
        for (var r = 0; r < 3; r++)
        {
            var share = BatchShare.Of(r, 3, total);
            var local = new RandomStream(42, 5) { Share = share };
            var rows = Fill(local, [share.Count, width], distribution);
            Assert.Equal(whole.AsSpan(share.Offset * width, share.Count * width).ToArray(), rows);
            // A fill of another shape is not a batch fill: every rank draws all of it, as one process does.
            Assert.Equal(after, Fill(local, [2, 2], distribution));
            Assert.Equal(global.Counter, local.Counter);
        }
    }

    private static double[] Fill(RandomStream g, int[] shape, RandomDistribution distribution) =>
        (distribution == RandomDistribution.Normal ? Tensor.Normal(g, shape, dtype: DType.Float64, backend: Cpu) : Tensor.Uniform(g, shape, dtype: DType.Float64, backend: Cpu)).ToDoubleArray();

    [Fact]
    public void Bucketed_all_reduce_sums_over_ranks_in_buckets_and_keeps_nulls()
    {
        var group = new InProcessGroup(2);
        var sizes = new[] { 5, -1, 3, 8 };
        var results = group.Run(rank =>
        {
            var arrays = sizes.Select((n, i) => n < 0 ? null : NDArray.FromArray(Cpu, Enumerable.Range(0, n).Select(k => (double)(100 * rank.Rank + 10 * i + k)).ToArray(), n)).ToArray();
            var reduce = new BucketedAllReduce(rank, bucketElements: 6);
            var sums = reduce.Sum(arrays);
            Assert.Equal(3, reduce.Buckets); // [5], [3], [8]: 5 + 3 exceeds 6, and 8 is a bucket of its own
            Assert.Equal(100.0 * rank.Rank, arrays[0]!.ToDoubleArray()[0]); // inputs untouched
            return sums.Select(a => a?.ToDoubleArray()).ToArray();
        });
        Assert.Null(results[0][1]);
        for (var i = 0; i < sizes.Length; i++)
        {
            if (sizes[i] < 0) continue;
            Assert.Equal(Enumerable.Range(0, sizes[i]).Select(k => 100.0 + 2 * (10 * i + k)).ToArray(), results[0][i]);
            Assert.Equal(results[0][i], results[1][i]);
        }
    }

    private static TrainConfig Tiny(int batch) => new()
    {
        Width = 16, Batch = batch, CriticIters = 2, Iters = 3, DType = DType.Float64, EmaDecay = 0.9, Seed = 7, EvalEvery = 0,
    };

    [Theory]
    [InlineData(2, 12, "gp")]
    [InlineData(3, 13, "gp")]
    [InlineData(2, 12, "r1")]
    [InlineData(2, 12, "clip")]
    public void Thread_ranks_train_the_same_parameters_as_one_process(int ranks, int batch, string penalty)
    {
        var config = Tiny(batch) with { Penalty = penalty };
        var single = new WganTrainer(config, Cpu);
        for (var i = 0; i < config.Iters; i++) single.RunIteration();
        var expected = State(single);

        var group = new InProcessGroup(ranks);
        var replicas = group.Run(rank =>
        {
            var t = new WganTrainer(config, Cpu, parallel: new DataParallel(rank, batch, bucketElements: 300));
            var stats = new List<IterationStats>();
            for (var i = 0; i < config.Iters; i++) stats.Add(t.RunIteration());
            return (State: State(t), Stats: stats, Fingerprints: t.ReplicaFingerprints());
        });
        // float64: the split changes only the order of the batch sums, so rounding differences stay near 1e-15 relative.
        foreach (var (name, values) in expected)
            for (var k = 0; k < values.Length; k++)
                Assert.True(Math.Abs(values[k] - replicas[0].State[name][k]) <= 1e-12 + 1e-10 * Math.Abs(values[k]),
                    $"{name}[{k}]: one process {values[k]:R}, {ranks} ranks {replicas[0].State[name][k]:R}");
        for (var r = 1; r < ranks; r++)
            foreach (var (name, values) in replicas[0].State) Assert.Equal(values, replicas[r].State[name]); // bitwise
        Assert.Single(replicas[0].Fingerprints.Distinct());
        Assert.Equal(ranks, replicas[0].Fingerprints.Length);
        // The logged losses are global means too.
        Assert.Equal(single.Iteration, replicas[0].Stats.Count);
    }

    [Fact]
    public void Thread_ranks_log_the_losses_of_the_global_batch()
    {
        var config = Tiny(12);
        var single = new WganTrainer(config, Cpu);
        var expected = Enumerable.Range(0, 2).Select(_ => single.RunIteration()).ToArray();
        var group = new InProcessGroup(2);
        var stats = group.Run(rank =>
        {
            var t = new WganTrainer(config, Cpu, parallel: new DataParallel(rank, 12));
            return Enumerable.Range(0, 2).Select(_ => t.RunIteration()).ToArray();
        });
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].CriticLoss, stats[0][i].CriticLoss, 10);
            Assert.Equal(expected[i].Wasserstein, stats[1][i].Wasserstein, 10);
            Assert.Equal(expected[i].Penalty, stats[0][i].Penalty, 10);
            Assert.Equal(expected[i].GradNormMean, stats[1][i].GradNormMean, 10);
            Assert.Equal(expected[i].GradNormStd, stats[0][i].GradNormStd, 8);
            if (i > 0) Assert.Equal(expected[i].GenLoss, stats[1][i].GenLoss, 10);
        }
    }

    [Fact]
    public void A_rank_with_another_configuration_is_refused_naming_the_setting()
    {
        var group = new InProcessGroup(2);
        var e = Assert.Throws<AggregateException>(() => group.Run(rank =>
            new WganTrainer(Tiny(12) with { Seed = rank.Rank == 0 ? 7UL : 8UL }, Cpu, parallel: new DataParallel(rank, 12))));
        Assert.Contains("rank 1's configuration differs from rank 0's: Seed 8 here, 7 on rank 0", e.InnerException!.Message);
    }

    [Fact]
    public void Dragan_is_refused_in_a_data_parallel_run()
    {
        var group = new InProcessGroup(2);
        var e = Assert.Throws<AggregateException>(() => group.Run(rank =>
            new WganTrainer(Tiny(12) with { Penalty = "dragan" }, Cpu, parallel: new DataParallel(rank, 12))));
        Assert.Contains("dragan", e.InnerException!.Message);
    }

    private static Dictionary<string, double[]> State(WganTrainer t)
    {
        var state = new Dictionary<string, double[]>();
        foreach (var (name, p) in t.Generator.StateDict()) state["generator." + name] = p.Data.ToDoubleArray();
        foreach (var (name, p) in t.Critic.StateDict()) state["critic." + name] = p.Data.ToDoubleArray();
        foreach (var (name, p) in t.GeneratorEma!.StateDict()) state["ema." + name] = p.Data.ToDoubleArray();
        foreach (var (name, s) in t.CriticOptimizer.State) state["optimizer.critic." + name] = s.Data.ToDoubleArray();
        foreach (var (name, s) in t.GeneratorOptimizer.State) state["optimizer.generator." + name] = s.Data.ToDoubleArray();
        return state;
    }
}
