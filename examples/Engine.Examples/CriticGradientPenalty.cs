using Engine.Autodiff;
using Engine.Gan.Penalties;
using Engine.Kernels.Cpu;
using Engine.Nn;
using Engine.Tensors;

namespace Engine.Examples;

// README begin
/// <summary>A critic of your own: any module whose forward pass is written in tensor ops.</summary>
public sealed class MyCritic : Module
{
    private readonly Linear _hidden, _out;

    public MyCritic(RandomStream rng)
    {
        _hidden = RegisterModule("hidden", new Linear(2, 32, rng, dtype: DType.Float64));
        _out = RegisterModule("out", new Linear(32, 1, rng, dtype: DType.Float64));
    }

    // a skip term beside the MLP: the penalty differentiates whatever the forward pass does
    public override Tensor Forward(Tensor x) => _out.Forward(_hidden.Forward(x).Softplus()) + 0.1 * x.Square().Sum([1], keepDim: true);
}
// README end

/// <summary>The README's second example: WGAN-GP's gradient penalty of <see cref="MyCritic"/> and its gradient with respect to the critic's weights.</summary>
public static class CriticGradientPenalty
{
    /// <summary>Runs the example; returns the penalty and the gradient of the penalty with respect to every critic parameter.</summary>
    public static (MyCritic Critic, Tensor Penalty, Tensor?[] Grads) Run()
    {
        // README begin
        Tensor.DefaultBackend = CpuBackend.Instance;
        var rng = new RandomStream(seed: 1);
        var critic = new MyCritic(rng);
        var real = Tensor.Normal(rng, [64, 2], dtype: DType.Float64);
        var fake = Tensor.Normal(rng, [64, 2], dtype: DType.Float64) + 2.0;

        // lambda E[(||grad_x D(x_hat)|| - 1)^2] at random interpolates x_hat of real and fake
        var gp = new GradientPenalty { Lambda = 10 };
        var penalty = gp.Compute(critic, real, fake, rng)!.Value;
        // its gradient with respect to the weights: the gradient of a gradient (null for out.bias,
        // which shifts D but not its input gradient, so the penalty does not depend on it)
        var grads = Autograd.Grad([penalty], critic.Parameters(), allowUnused: true);
        // README end
        return (critic, penalty, grads);
    }
}
