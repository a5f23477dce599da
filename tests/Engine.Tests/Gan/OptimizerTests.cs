using Engine.Autodiff;
using Engine.Optim;
using Engine.Tensors;
using Xunit;

namespace Engine.Tests.Gan;

/// <summary>Each optimizer against its update written out by hand for a few steps.</summary>
public class OptimizerTests
{
    public OptimizerTests() => TestSetup.UseCpuByDefault();

    private static readonly double[] Grads = [0.5, -1.5, 2.0];

    private static (Tensor P, double[] Trace) Run(Func<(string, Tensor)[], Optimizer> make, double start = 1.0)
    {
        var p = Tensor.FromArray(new[] { start }, [1], requiresGrad: true);
        var opt = make([("w", p)]);
        var trace = new List<double>();
        foreach (var g in Grads)
        {
            p.Grad = Tensor.FromArray(new[] { g }, [1]);
            opt.Step();
            opt.ZeroGrad();
            Assert.Null(p.Grad);
            trace.Add(p.Item());
        }
        return (p, trace.ToArray());
    }

    [Fact]
    public void Adam_matches_the_PyTorch_update()
    {
        const double lr = 0.1, b1 = 0.5, b2 = 0.9, eps = 1e-8;
        var (_, trace) = Run(ps => new Adam(ps, lr, b1, b2, eps));
        double p = 1, m = 0, v = 0;
        for (var t = 1; t <= Grads.Length; t++)
        {
            var g = Grads[t - 1];
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            p -= lr * (m / (1 - Math.Pow(b1, t))) / (Math.Sqrt(v / (1 - Math.Pow(b2, t))) + eps);
            Assert.Equal(p, trace[t - 1], 12);
        }
    }

    [Fact]
    public void Adam_with_beta1_zero_is_reachable_as_in_Algorithm_1()
    {
        var (_, trace) = Run(ps => new Adam(ps, 0.1, 0.0, 0.9));
        // with beta1 = 0 the first step is lr * g / (|g| + eps') = lr * sign(g)
        Assert.Equal(1 - 0.1, trace[0], 6);
    }

    [Fact]
    public void RmsProp_matches_the_PyTorch_update()
    {
        const double lr = 0.01, alpha = 0.99, eps = 1e-8;
        var (_, trace) = Run(ps => new RmsProp(ps, lr, alpha, eps));
        double p = 1, v = 0;
        for (var t = 0; t < Grads.Length; t++)
        {
            v = alpha * v + (1 - alpha) * Grads[t] * Grads[t];
            p -= lr * Grads[t] / (Math.Sqrt(v) + eps);
            Assert.Equal(p, trace[t], 12);
        }
    }

    [Fact]
    public void Sgd_with_momentum_matches_the_PyTorch_update()
    {
        var (_, trace) = Run(ps => new Sgd(ps, 0.1, momentum: 0.9));
        double p = 1, b = 0;
        for (var t = 0; t < Grads.Length; t++)
        {
            b = t == 0 ? Grads[t] : 0.9 * b + Grads[t];
            p -= 0.1 * b;
            Assert.Equal(p, trace[t], 12);
        }
    }

    [Fact]
    public void Parameters_without_a_gradient_are_left_alone()
    {
        var p = Tensor.FromArray(new[] { 3.0 }, [1], requiresGrad: true);
        var opt = new Adam([("w", p)], 0.1);
        opt.Step();
        Assert.Equal(3.0, p.Item());
        Assert.Empty(opt.State);
    }

    [Fact]
    public void Bad_settings_and_mismatched_state_are_refused()
    {
        var p = Tensor.FromArray(new[] { 1.0, 2.0 }, [2], requiresGrad: true);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([("w", p)], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([("w", p)], 1e-3, beta1: 1.0));
        var opt = new Adam([("w", p)]);
        var e = Assert.Throws<InvalidDataException>(() =>
            opt.LoadState(new Dictionary<string, Tensor> { ["w.exp_avg"] = Tensor.Zeros([3], DType.Float64) }, 1));
        Assert.Contains("w.exp_avg", e.Message);
        Assert.Throws<InvalidDataException>(() =>
            opt.LoadState(new Dictionary<string, Tensor> { ["v.exp_avg"] = Tensor.Zeros([2], DType.Float64) }, 1));
    }
}
