using Engine.Autodiff;
using Engine.Autodiff.Inspection;
using Xunit;
using static Engine.Tests.Autodiff.TestTensors;

namespace Engine.Tests.Autodiff;

/// <summary>What a node saves follows from what its rule declares it reads, in the engine.</summary>
public class SavedTensorTests
{
    [Theory]
    [InlineData("tanh")]
    [InlineData("sigmoid")]
    [InlineData("exp")]
    [InlineData("sqrt")]
    public void Ops_whose_rule_reads_their_output_save_it(string op)
    {
        var x = F64([0.5, 1.5, 2.0], 3).RequireGrad();
        var y = op switch { "tanh" => x.Tanh(), "sigmoid" => x.Sigmoid(), "exp" => x.Exp(), _ => x.Sqrt() };
        var saved = Assert.Single(y.Node!.Saved);
        Assert.Same(y, saved);
        Assert.Equal(Uses.Result, y.Node.Uses);
    }

    [Fact]
    public void Mul_saves_both_operands_and_add_saves_nothing()
    {
        var a = F64([1, 2], 2).RequireGrad();
        var b = F64([3, 4], 2).RequireGrad();
        var product = a * b;
        Assert.Equal(2, product.Node!.Saved.Count);
        Assert.Contains(a, product.Node.Saved);
        Assert.Contains(b, product.Node.Saved);
        Assert.Empty((a + b).Node!.Saved);
    }

    [Fact]
    public void Freeing_the_graph_drops_the_saved_output()
    {
        var x = F64([0.5, 1.5], 2).RequireGrad();
        var y = x.Tanh();
        Autograd.Grad(y.Sum(), x);
        Assert.True(y.Node!.IsFreed);
        Assert.Empty(y.Node.Saved);
    }

    [Fact]
    public void The_gradient_penalty_norm_profiles_the_saved_sqrt()
    {
        // The penalty's norm ends in sqrt, whose rule reads its output: the forward pass's saved bytes include it.
        var x = F64([0.5, 1.5, -2.0, 0.25], 2, 2).RequireGrad();
        Tensor norm = null!;
        var profile = PassProfiler.Run(() => norm = x.Norm([1]));
        // x (4 doubles, saved once by x * x) and the root's output (2 doubles).
        Assert.Equal((4 + 2) * sizeof(double), profile.Passes.Single(p => p.Pass == 0).PeakSavedBytes);
        Assert.Contains(norm, norm.Node!.Saved);
    }

    [Fact]
    public void Layer_norm_without_affine_maps_its_absent_inputs_in_the_engine()
    {
        var x = F64([1, 2, 4, 3, 0, -1], 2, 3).RequireGrad();
        var w = F64([1, 2, 3], 3).RequireGrad();
        var plain = x.LayerNorm(1);
        Assert.Single(plain.Node!.Inputs);
        Assert.Single(Autograd.Grad([plain.Square().Sum()], [x]));
        var affine = x.LayerNorm(1, weight: w);
        Assert.Equal(2, affine.Node!.Inputs.Count);
        var grads = Autograd.Grad([affine.Square().Sum()], [x, w]);
        Assert.All(grads, g => Assert.NotNull(g));
    }
}
