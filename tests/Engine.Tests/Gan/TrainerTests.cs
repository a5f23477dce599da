using Engine.Gan.Training;
using Engine.Kernels.Cpu;
using Xunit;

namespace Engine.Tests.Gan;

public class TrainerTests
{
    public TrainerTests() => TestSetup.UseCpuByDefault();

    private static double[][] Snapshot(WganTrainer t) =>
        [.. t.Generator.StateDict().Concat(t.Critic.StateDict()).Select(p => p.Value.ToDoubleArray())];

    [Fact]
    public void A_short_seeded_run_moves_the_Wasserstein_estimate_and_mode_coverage_the_right_way()
    {
        var config = new TrainConfig { Width = 64, Batch = 128, Iters = 300, LearningRate = 1e-3, Seed = 1 };
        var t = new WganTrainer(config, CpuBackend.Instance);
        var before = Evaluation.Measure(t);
        var w = new List<double>();
        for (var i = 0; i < config.Iters; i++) w.Add(t.RunIteration().Wasserstein);
        var after = Evaluation.Measure(t);

        // The critic first finds a large gap between real and generated data; as the generator
        // learns, the estimate of the Wasserstein distance falls.
        var peak = w.Max();
        var late = w.TakeLast(20).Average();
        Assert.True(late < 0.5 * peak, $"W estimate: peak {peak:F3}, last-20 mean {late:F3}");
        Assert.True(after.ModesCovered >= before.ModesCovered + 3 && after.ModesCovered >= 6,
            $"modes covered {before.ModesCovered} -> {after.ModesCovered}");
        Assert.True(after.Mmd2 < 0.1 * before.Mmd2, $"MMD^2 {before.Mmd2:F4} -> {after.Mmd2:F4}");
    }

    [Fact]
    public void The_generator_is_not_trained_at_iteration_zero_and_the_critic_step_leaves_it_alone()
    {
        var t = new WganTrainer(new TrainConfig { Width = 8, Batch = 16, Iters = 3 }, CpuBackend.Instance);
        var g0 = t.Generator.StateDict().Select(p => p.Value.ToDoubleArray()).ToArray();
        var c0 = t.Critic.StateDict().Select(p => p.Value.ToDoubleArray()).ToArray();
        var stats = t.RunIteration();
        Assert.True(double.IsNaN(stats.GenLoss));
        Assert.Equal(g0, t.Generator.StateDict().Select(p => p.Value.ToDoubleArray()).ToArray());
        Assert.NotEqual(c0, t.Critic.StateDict().Select(p => p.Value.ToDoubleArray()).ToArray());
        Assert.Equal(5, t.CriticOptimizer.Steps);
        Assert.Equal(0, t.GeneratorOptimizer.Steps);
        t.RunIteration();
        Assert.Equal(1, t.GeneratorOptimizer.Steps);
        Assert.Equal(10, t.CriticOptimizer.Steps);
    }

    [Theory]
    [InlineData("gp")]
    [InlineData("sn")]
    [InlineData("clip")]
    [InlineData("dragan")]
    [InlineData("r1")]
    [InlineData("bcr")]
    [InlineData("zcr")]
    public void A_seed_reproduces_a_run_bitwise(string penalty)
    {
        var config = new TrainConfig { Width = 8, Batch = 16, Iters = 4, Penalty = penalty, Seed = 3 };
        var a = new WganTrainer(config, CpuBackend.Instance);
        var b = new WganTrainer(config, CpuBackend.Instance);
        for (var i = 0; i < config.Iters; i++) { a.RunIteration(); b.RunIteration(); }
        Assert.Equal(Snapshot(a), Snapshot(b));
        var c = new WganTrainer(config with { Seed = 4 }, CpuBackend.Instance);
        Assert.NotEqual(Snapshot(a), Snapshot(c));
    }

    [Fact]
    public void The_weight_average_changes_nothing_in_training_and_trails_the_generator()
    {
        var config = new TrainConfig { Width = 8, Batch = 16, Iters = 6, Seed = 2, EmaDecay = 0 };
        var plain = new WganTrainer(config, CpuBackend.Instance);
        var averaged = new WganTrainer(config with { EmaDecay = 0.9 }, CpuBackend.Instance);
        Assert.Null(plain.GeneratorEma);
        // starts as a copy of the generator
        Assert.Equal(averaged.Generator.StateDict().Select(p => p.Value.ToDoubleArray()), averaged.GeneratorEma!.StateDict().Select(p => p.Value.ToDoubleArray()));
        // the average follows ema = d ema + (1 - d) w after each generator step, d = min(0.9, (1 + t) / (10 + t))
        var expected = averaged.Generator.Parameters()[0].ToDoubleArray();
        for (var i = 0; i < config.Iters; i++)
        {
            plain.RunIteration();
            averaged.RunIteration();
            if (i == 0) continue; // no generator step at iteration 0
            var t = averaged.GeneratorOptimizer.Steps;
            var d = Math.Min(0.9, (1.0 + t) / (10.0 + t));
            var w = averaged.Generator.Parameters()[0].ToDoubleArray();
            expected = expected.Select((e, j) => d * e + (1 - d) * w[j]).ToArray();
        }
        Assert.Equal(Snapshot(plain), Snapshot(averaged));
        var ema = averaged.GeneratorEma.Parameters()[0].ToDoubleArray();
        Assert.Equal(expected, ema, (x, y) => Math.Abs(x - y) < 1e-6);
        Assert.NotEqual(averaged.Generator.Parameters()[0].ToDoubleArray(), ema);
        Assert.Equal([16, 2], averaged.Sample(16, 5, ema: true).Shape);
        Assert.Throws<InvalidOperationException>(() => plain.Sample(4, 5, ema: true));
    }

    [Fact]
    public void Clipping_defaults_to_RMSProp_at_5e_5_and_keeps_critic_weights_within_c()
    {
        var t = new WganTrainer(new TrainConfig { Width = 8, Batch = 16, Iters = 2, Penalty = "clip" }, CpuBackend.Instance);
        Assert.Equal("rmsprop", t.Config.EffectiveOptimizer);
        Assert.Equal(5e-5, t.CriticOptimizer.LearningRate);
        t.RunIteration();
        Assert.All(t.Critic.Parameters().SelectMany(p => p.ToDoubleArray()), v => Assert.InRange(v, -0.01, 0.01));
    }

    [Fact]
    public void Invalid_configurations_list_every_problem()
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainConfig { Dataset = "moons", Penalty = "wgan", Batch = 0, Lambda = -2 }.Validate());
        Assert.Contains("dataset 'moons'", e.Message);
        Assert.Contains("penalty 'wgan'", e.Message);
        Assert.Contains("batch must be >= 1", e.Message);
        Assert.Contains("lambda must be", e.Message);
        var m = Assert.Throws<ArgumentException>(() => new TrainConfig { Model = "mnist-dcgan" }.Validate());
        Assert.Contains("image data", m.Message);
    }
}
