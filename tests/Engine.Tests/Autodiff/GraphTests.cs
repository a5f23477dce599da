using Engine.Autodiff;
using Engine.Tensors;
using Xunit;
using static Engine.Tests.Autodiff.TestTensors;

namespace Engine.Tests.Autodiff;

public class GraphTests
{
    [Fact]
    public void Fan_out_accumulates()
    {
        var x = F64([1.5, -2.0], 2).RequireGrad();
        var y = (x * x + x).Sum();
        var g = Autograd.Grad(y, x)!.ToDoubleArray();
        Assert.Equal([4.0, -3.0], g);
    }

    [Fact]
    public void Broadcast_gradients_are_summed_to_input_shapes()
    {
        var a = F64([1, 2, 3], 3, 1).RequireGrad();
        var b = F64([10, 20, 30, 40], 4).RequireGrad();
        var grads = Autograd.Grad([(a * b).Sum()], [a, b]);
        Assert.Equal([3, 1], grads[0]!.Shape);
        Assert.Equal([100.0, 100, 100], grads[0]!.ToDoubleArray());
        Assert.Equal([4], grads[1]!.Shape);
        Assert.Equal([6.0, 6, 6, 6], grads[1]!.ToDoubleArray());
    }

    [Fact]
    public void Pruned_branches_are_neither_visited_nor_freed()
    {
        var x = F64([0.5, 1.0], 2).RequireGrad();
        var w = F64([2.0, 3.0], 2).RequireGrad();
        var u = x.Exp();
        var v = u.Sum() + (w * w).Sum();
        Assert.Equal([4.0, 6.0], Autograd.Grad(v, w)!.ToDoubleArray());
        // u's node lay off the path to w, so the first call did not free it.
        Assert.False(u.Node!.IsFreed);
        Assert.Equal(Math.Exp(0.5), Autograd.Grad(u.Sum(), x)!.ToDoubleArray()[0], 12);
    }

    [Fact]
    public void NoGrad_records_nothing_and_Detach_cuts_the_graph()
    {
        var x = F64([1, 2], 2).RequireGrad();
        using (GradMode.NoGrad())
        {
            var y = x * 3.0;
            Assert.False(y.RequiresGrad);
            Assert.Null(y.Node);
        }
        var z = (x.Detach() * x).Sum();
        Assert.Equal([1.0, 2.0], Autograd.Grad(z, x)!.ToDoubleArray());
    }

    [Fact]
    public void Backward_accumulates_into_leaf_grads()
    {
        var x = F64([1, 2], 2).RequireGrad();
        var y = (x * x).Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.Equal([4.0, 8.0], x.Grad!.ToDoubleArray());
        Assert.False(x.Grad!.RequiresGrad);
    }

    [Fact]
    public void Nodes_are_tagged_with_the_pass_that_created_them()
    {
        var x = F64([0.3, -0.7], 2).RequireGrad();
        var y = x.Tanh().Sum();
        Assert.Equal(0, y.Node!.Pass);
        var g = Autograd.Grad(y, x, createGraph: true)!;
        Assert.Equal(1, g.Node!.Pass);
        var gg = Autograd.Grad(g.Sum(), x, createGraph: true)!;
        Assert.Equal(2, gg.Node!.Pass);
    }

    [Fact]
    public void Gradients_without_createGraph_do_not_require_grad()
    {
        var x = F64([0.3, -0.7], 2).RequireGrad();
        var g = Autograd.Grad(x.Tanh().Sum(), x)!;
        Assert.False(g.RequiresGrad);
        Assert.Null(g.Node);
    }

    [Fact]
    public void A_deep_chain_does_not_overflow_the_stack()
    {
        var x = F64([1.0], 1).RequireGrad();
        var y = x;
        for (var i = 0; i < 20_000; i++) y = y * 1.0001;
        var g = Autograd.Grad(y.Sum(), x)!.Item();
        Assert.Equal(Math.Pow(1.0001, 20_000), g, 6);
    }

    [Fact]
    public void Seeded_generators_reproduce_their_numbers()
    {
        var a = Tensor.Normal(new RandomStream(42), [1000], dtype: DType.Float64).ToDoubleArray();
        var b = Tensor.Normal(new RandomStream(42), [1000], dtype: DType.Float64).ToDoubleArray();
        var c = Tensor.Normal(new RandomStream(43), [1000], dtype: DType.Float64).ToDoubleArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.InRange(a.Average(), -0.1, 0.1);
    }

    [Fact]
    public void Non_leaf_inputs_receive_their_gradient()
    {
        var x = F64([1.0, 2.0], 2).RequireGrad();
        var h = x * 2.0;
        var y = (h * h).Sum();
        var grads = Autograd.Grad([y], [h, x]);
        Assert.Equal([4.0, 8.0], grads[0]!.ToDoubleArray());
        Assert.Equal([8.0, 16.0], grads[1]!.ToDoubleArray());
    }
}
