using Engine.Autodiff;
using Engine.Tensors;
using Xunit;

namespace Engine.Tests.Autodiff;

/// <summary>
/// The checks PyTorch's gradcheck makes besides the Jacobian: a reentrant backward, zero in zero out,
/// and materialized zeros for derivatives that are identically zero.
/// </summary>
public class GradCheckCompletionTests
{
    public GradCheckCompletionTests() => TestSetup.UseCpuByDefault();

    private static Tensor Leaf(ulong seed, params int[] shape) => Tensor.Uniform(new RandomStream(seed), shape, -1, 1, DType.Float64, requiresGrad: true);

    [Fact]
    public void A_backward_that_changes_between_runs_is_caught()
    {
        var x = Leaf(1, 3);
        var y = x.Tanh();
        var calls = 0;
        // A backward with hidden state, as a nondeterministic atomic-add kernel would be.
        Tensor?[] Drifting(Tensor[] seeds) => [Autograd.Grad([y], [x], seeds, retainGraph: true)[0]! * (1 + 1e-9 * ++calls)];
        var result = GradientCheck.CheckBackward(Drifting, [y], new GradCheckOptions { Name = "drifting" });
        Assert.False(result.Passed);
        Assert.Contains("not reentrant", result.Message);
        Assert.Contains("drifting", result.Message);
        Assert.True(GradientCheck.CheckBackward(Drifting, [y], new GradCheckOptions { NondetTol = 1e-6 }).Passed);
    }

    [Fact]
    public void A_backward_that_is_not_zero_for_a_zero_grad_output_is_caught()
    {
        var x = Leaf(2, 3);
        var y = x.Square();
        // An affine "backward": right for grad-output 1 only.
        Tensor?[] Affine(Tensor[] seeds) => [Autograd.Grad([y], [x], seeds, retainGraph: true)[0]! + 0.5];
        var result = GradientCheck.CheckBackward(Affine, [y]);
        Assert.False(result.Passed);
        Assert.Contains("zero grad-output", result.Message);
    }

    [Fact]
    public void The_engines_backward_passes_both_and_GradCheck_runs_them()
    {
        var x = Leaf(3, 2, 3);
        var w = Leaf(4, 3, 2);
        var y = x.MatMul(w).Tanh();
        var result = GradientCheck.CheckBackward(seeds => Autograd.Grad([y], [x, w], seeds, retainGraph: true), [y]);
        Assert.True(result.Passed, result.Message);
        Assert.Contains("reentrant", result.Message);
        Assert.True(GradientCheck.GradCheck(p => p[0].MatMul(p[1]).Tanh(), [x, w]).Passed);
    }

    [Fact]
    public void Materialized_grads_give_zeros_for_the_second_derivative_of_relu_instead_of_an_error()
    {
        var x = Leaf(5, 4);
        var g = Autograd.Grad([x.Relu().Sum()], [x], createGraph: true)[0]!;
        // relu' is a step: its derivative is identically zero, and the engine records no path back to x.
        Assert.ThrowsAny<InvalidOperationException>(() => Autograd.Grad([g.Sum()], [x]));
        var second = Autograd.Grad([g.Sum()], [x], materializeGrads: true)[0]!;
        Assert.Equal(x.Shape, second.Shape);
        Assert.All(second.ToDoubleArray(), v => Assert.Equal(0.0, v));

        // An input the outputs never used: zeros too, where allowUnused would give null.
        var unused = Leaf(6, 2);
        var both = Autograd.Grad([x.Square().Sum()], [x, unused], materializeGrads: true);
        Assert.Equal(x.ToDoubleArray().Select(v => 2 * v), both[0]!.ToDoubleArray());
        Assert.All(both[1]!.ToDoubleArray(), v => Assert.Equal(0.0, v));
        Assert.Null(Autograd.Grad([x.Square().Sum()], [x, unused], allowUnused: true)[1]);
    }

    [Fact]
    public void GradGradCheck_of_relu_passes_with_its_zero_second_derivative()
    {
        var result = GradientCheck.GradGradCheck(p => p[0].Relu() * 3.0, [Leaf(7, 5)]);
        Assert.True(result.Passed, result.Message);
    }

    [Fact]
    public void OrderCheck_of_order_three_verifies_a_third_derivative_and_catches_a_wrong_function()
    {
        var x = Leaf(8, 3);
        Assert.True(GradientCheck.OrderCheck(p => [p[0].Pow(4.0)], [x], 3).Passed);
        var fast = GradientCheck.OrderCheck(p => [p[0].Tanh()], [x], 3, new GradCheckOptions { FastMode = true });
        Assert.True(fast.Passed, fast.Message);
        Assert.Contains("order 3", fast.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.OrderCheck(p => [p[0]], [x], 0));
    }
}
