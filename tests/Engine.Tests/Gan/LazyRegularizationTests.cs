using Engine.Gan.Training;
using Engine.Kernels.Cpu;
using Engine.Optim;
using Xunit;

namespace Engine.Tests.Gan;

/// <summary>--reg-every k: the term on every k-th critic step only, k times as heavy, and StyleGAN2's Adam correction.</summary>
public class LazyRegularizationTests
{
    public LazyRegularizationTests() => TestSetup.UseCpuByDefault();

    private static TrainConfig Config(int k, string penalty = "gp") =>
        new() { Width = 8, Batch = 16, Iters = 4, Penalty = penalty, Seed = 3, RegEvery = k, DType = Engine.Tensors.DType.Float64 };

    [Fact]
    public void Critic_Adam_runs_at_lr_times_c_and_betas_to_the_power_c()
    {
        var t = new WganTrainer(Config(4), CpuBackend.Instance);
        var c = 4.0 / 5.0;
        var adam = Assert.IsType<Adam>(t.CriticOptimizer);
        Assert.Equal(1e-4 * c, adam.LearningRate, 1e-18);
        Assert.Equal(Math.Pow(0.5, c), adam.Beta1, 1e-15);
        Assert.Equal(Math.Pow(0.9, c), adam.Beta2, 1e-15);
        // the generator is not regularised: its optimizer is unchanged
        var g = Assert.IsType<Adam>(t.GeneratorOptimizer);
        Assert.Equal((1e-4, 0.5, 0.9), (g.LearningRate, g.Beta1, g.Beta2));
        var eager = Assert.IsType<Adam>(new WganTrainer(Config(1), CpuBackend.Instance).CriticOptimizer);
        Assert.Equal((1e-4, 0.5, 0.9), (eager.LearningRate, eager.Beta1, eager.Beta2));
    }

    [Theory]
    [InlineData("gp")]
    [InlineData("r1")]
    [InlineData("cr")]
    public void The_term_comes_on_every_kth_critic_step_only_scaled_by_k(string penalty)
    {
        const int k = 3;
        var lazy = new WganTrainer(Config(k, penalty), CpuBackend.Instance);
        var eager = new WganTrainer(Config(1, penalty), CpuBackend.Instance);
        // Same seed, same weights, same draws: the first step's term is k times the eager one.
        var first = lazy.CriticStep().Penalty;
        var reference = eager.CriticStep().Penalty;
        Assert.True(reference > 0);
        Assert.Equal(k * reference, first, 1e-12 * Math.Abs(first));
        var penalties = Enumerable.Range(1, 2 * k).Select(_ => lazy.CriticStep()).ToArray();
        for (var i = 0; i < penalties.Length; i++)
        {
            var step = i + 1;
            if (step % k == 0) Assert.True(penalties[i].Penalty > 0, $"step {step} should be regularised");
            else
            {
                Assert.Equal(0, penalties[i].Penalty);
                Assert.True(double.IsNaN(penalties[i].GradNormMean));
            }
        }
    }

    [Fact]
    public void Reg_every_is_refused_for_regularisers_without_a_term()
    {
        var e = Assert.Throws<ArgumentException>(() => Config(4, "clip").Validate());
        Assert.Contains("reg-every 4", e.Message);
        Assert.Contains("'clip'", e.Message);
        var z = Assert.Throws<ArgumentException>(() => Config(0).Validate());
        Assert.Contains("reg-every must be >= 1", z.Message);
    }
}
