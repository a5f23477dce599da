using Engine.Autodiff;
using Engine.Tensors;
using Xunit;
using static Engine.Tests.Autodiff.TestTensors;

namespace Engine.Tests.Autodiff;

/// <summary>
/// The WGAN-GP gradient penalty of a small MLP critic, written as the seeds write it, checked by
/// finite differences with respect to the critic's parameters: a derivative through a backward pass.
/// </summary>
public class GradientPenaltyTests
{
    private const int Batch = 4, InDim = 3, Hidden = 5;

    private static Tensor[] Parameters() =>
    [
        Random(1, [Hidden, InDim]), Random(2, [Hidden], -0.2, 0.2),
        Random(3, [1, Hidden]), Random(4, [1], -0.2, 0.2),
    ];

    // D(x) = Linear(tanh(Linear(x))) with PyTorch's layout: y = x W^T + b
    private static Tensor Critic(Tensor x, Tensor[] p, bool leaky) =>
        Activation((x.MatMul(p[0].Transpose()) + p[1]), leaky).MatMul(p[2].Transpose()) + p[3];

    private static Tensor Activation(Tensor h, bool leaky) => leaky ? h.LeakyRelu(0.2) : h.Tanh();

    private static Tensor Penalty(Tensor[] p, bool createGraph, bool leaky)
    {
        var real = Random(10, [Batch, InDim], requiresGrad: false);
        var fake = Random(11, [Batch, InDim], requiresGrad: false);
        var alpha = Random(12, [Batch, 1], 0, 1, requiresGrad: false);
        // per-sample interpolation; x_hat is a leaf that requires grad
        var xHat = (alpha * real + (1.0 - alpha) * fake).Detach().RequireGrad();
        var d = Critic(xHat, p, leaky);
        var grad = Autograd.Grad([d], [xHat], [d.OnesLike()], createGraph: createGraph)[0]!;
        var norm = grad.Norm(Enumerable.Range(1, grad.Rank - 1).ToArray());
        return (norm - 1.0).Square().Mean();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Penalty_gradient_matches_finite_differences(bool leaky)
    {
        var result = GradientCheck.GradCheck(p => Penalty(p, createGraph: true, leaky), Parameters());
        Assert.True(result.Passed, result.Message);
    }

    [Fact]
    public void Penalty_second_derivative_passes_GradGradCheck()
    {
        var result = GradientCheck.GradGradCheck(p => Penalty(p, createGraph: true, leaky: false), Parameters());
        Assert.True(result.Passed, result.Message);
    }

    [Fact]
    public void Without_createGraph_the_penalty_gives_the_parameters_no_gradient()
    {
        var p = Parameters();
        var penaltyWithGraph = Penalty(p, createGraph: true, leaky: false);
        // (the output bias does not move the input gradient, so it is legitimately unused)
        var trained = Autograd.Grad([penaltyWithGraph], p, allowUnused: true);
        Assert.Null(trained[3]);
        Assert.Contains(trained, g => g is not null && g.ToDoubleArray().Any(v => Math.Abs(v) > 1e-6));

        // The classic bug: without createGraph the input gradient is a constant, so the penalty is too.
        var penalty = Penalty(p, createGraph: false, leaky: false);
        Assert.False(penalty.RequiresGrad);
        var real = Random(10, [Batch, InDim], requiresGrad: false);
        var loss = Critic(real, p, leaky: false).Mean() + penalty * 10.0;
        var withBuggyPenalty = Autograd.Grad([loss], p);
        var withoutPenalty = Autograd.Grad([Critic(real, p, leaky: false).Mean()], p);
        for (var i = 0; i < p.Length; i++)
            Assert.Equal(withoutPenalty[i]!.ToDoubleArray(), withBuggyPenalty[i]!.ToDoubleArray());
    }

    [Fact]
    public void Norm_stays_finite_at_zero()
    {
        var x = Tensor.Zeros([2, 3], DType.Float64, requiresGrad: true);
        var g = Autograd.Grad(x.Norm([1]).Sum(), x)!.ToDoubleArray();
        Assert.All(g, v => Assert.True(double.IsFinite(v)));
    }
}

/// <summary>The gradient penalty of a small conv critic (conv -> leaky_relu -> layer norm -> linear), by finite differences.</summary>
public class ConvCriticPenaltyTests
{
    private static Tensor Critic(Tensor x, Tensor[] p)
    {
        var h = x.Conv2d(p[0], p[1], new Conv2dGeometry(2, 2, 1, 1)).LeakyRelu(0.2);   // [B, 2, 3, 3]
        h = h.LayerNorm(3, p[2], p[3]);
        return h.Flatten().Linear(p[4], p[5]);
    }

    [Fact]
    public void Penalty_gradient_matches_finite_differences_for_every_parameter()
    {
        Tensor[] parameters =
        [
            Random(21, [2, 1, 3, 3]), Random(22, [2], -0.1, 0.1),
            Random(23, [2, 3, 3], 0.5, 1.5), Random(24, [2, 3, 3], -0.1, 0.1),
            Random(25, [1, 18]), Random(26, [1], -0.1, 0.1),
        ];
        var real = Random(27, [2, 1, 5, 5], requiresGrad: false);
        var fake = Random(28, [2, 1, 5, 5], requiresGrad: false);
        var alpha = Random(29, [2, 1, 1, 1], 0, 1, requiresGrad: false);
        Tensor Penalty(Tensor[] p)
        {
            var xHat = (alpha * real + (1.0 - alpha) * fake).Detach().RequireGrad();
            var d = Critic(xHat, p);
            var grad = Autograd.Grad([d], [xHat], [d.OnesLike()], createGraph: true)[0]!;
            return (grad.Norm([1, 2, 3]) - 1.0).Square().Mean();
        }
        var result = GradientCheck.GradCheck(Penalty, parameters);
        Assert.True(result.Passed, result.Message);
        // The additive biases after the last nonlinearity (layer norm's and the output's) cannot move the
        // input gradient, so they are off the penalty's path; every other parameter moves it.
        var grads = Autograd.Grad([Penalty(parameters)], parameters, allowUnused: true);
        Assert.Null(grads[3]);
        Assert.Null(grads[5]);
        foreach (var i in new[] { 0, 1, 2, 4 }) Assert.Contains(grads[i]!.ToDoubleArray(), v => Math.Abs(v) > 1e-8);
    }
}
