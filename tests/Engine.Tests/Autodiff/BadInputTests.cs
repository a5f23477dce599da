using Engine.Autodiff;
using Engine.Tensors;
using Xunit;
using static Engine.Tests.Autodiff.TestTensors;

namespace Engine.Tests.Autodiff;

/// <summary>Each misuse throws an exception whose message names the op, the shapes and what was expected.</summary>
public class BadInputTests
{
    [Fact]
    public void Mismatched_shapes_name_the_op_and_both_shapes()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => Tensor.Zeros([2, 3]) + Tensor.Zeros([4]));
        Assert.Contains("add", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4]", e.Message);
    }

    [Fact]
    public void Matmul_inner_dimension_mismatch()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => Tensor.Zeros([2, 3]).MatMul(Tensor.Zeros([4, 5])));
        Assert.Contains("matmul", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4, 5]", e.Message);
    }

    [Fact]
    public void Reshape_to_a_wrong_size()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => Tensor.Zeros([2, 3]).Reshape(4, 2));
        Assert.Contains("reshape", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }

    [Fact]
    public void Mismatched_dtypes_name_both()
    {
        var e = Assert.Throws<DTypeMismatchException>(() => Tensor.Zeros([2], DType.Float32) * Tensor.Zeros([2], DType.Float64));
        Assert.Contains("mul", e.Message);
        Assert.Contains("float32", e.Message);
        Assert.Contains("float64", e.Message);
    }

    [Fact]
    public void Grad_of_a_non_scalar_needs_gradOutputs()
    {
        var x = F64([1, 2], 2).RequireGrad();
        var e = Assert.Throws<InvalidOperationException>(() => Autograd.Grad(x * 2.0, x));
        Assert.Contains("[2]", e.Message);
        Assert.Contains("gradOutputs", e.Message);
    }

    [Fact]
    public void Grad_with_respect_to_a_tensor_that_does_not_require_grad()
    {
        var x = F64([1, 2], 2).RequireGrad();
        var c = F64([3, 4], 2);
        var e = Assert.Throws<InvalidOperationException>(() => Autograd.Grad((x * c).Sum(), c));
        Assert.Contains("does not require grad", e.Message);
        Assert.Contains("[2]", e.Message);
    }

    [Fact]
    public void Grad_with_respect_to_an_unused_tensor_unless_allowUnused()
    {
        var x = F64([1, 2], 2).RequireGrad();
        var unused = F64([5], 1).RequireGrad();
        var y = (x * x).Sum();
        var e = Assert.Throws<InvalidOperationException>(() => Autograd.Grad(y, unused, retainGraph: true));
        Assert.Contains("not on the path", e.Message);
        Assert.Contains("allowUnused", e.Message);
        Assert.Null(Autograd.Grad(y, unused, allowUnused: true));
    }

    [Fact]
    public void A_second_backward_through_a_freed_graph()
    {
        var x = F64([1, 2], 2).RequireGrad();
        var y = x.Tanh().Sum();
        Autograd.Grad(y, x);
        var e = Assert.Throws<InvalidOperationException>(() => Autograd.Grad(y, x));
        Assert.Contains("freed", e.Message);
        Assert.Contains("retainGraph", e.Message);
    }

    [Fact]
    public void Gradient_output_of_the_wrong_shape()
    {
        var x = F64([1, 2], 2).RequireGrad();
        var e = Assert.Throws<ShapeMismatchException>(() => Autograd.Grad(x * 2.0, x, F64([1, 1, 1], 3)));
        Assert.Contains("gradOutputs[0]", e.Message);
        Assert.Contains("[3]", e.Message);
    }

    [Fact]
    public void GradCheck_refuses_float32()
    {
        var x = Tensor.Zeros([2], DType.Float32, requiresGrad: true);
        var e = Assert.Throws<ArgumentException>(() => GradientCheck.GradCheck(v => v[0].Sum(), [x]));
        Assert.Contains("float64", e.Message);
    }

    [Fact]
    public void GradCheck_reports_a_wrong_rule()
    {
        // A deliberately wrong derivative (d/dx x^2 claimed as x) must be caught and located.
        var x = Random(3, [3]);
        var result = GradientCheck.GradCheck(v => (v[0].Detach() * v[0] * 1.0).Sum() , [x], new GradCheckOptions { Name = "half_square" });
        Assert.False(result.Passed);
        Assert.Contains("half_square", result.Message);
        Assert.Contains("analytic", result.Message);
        Assert.Contains("numeric", result.Message);
    }
}

public class ConvBadInputTests
{
    [Fact]
    public void Default_geometry_is_stride_1_dilation_1()
    {
        var g = new Conv2dGeometry();
        Assert.Equal((1, 1, 0, 0, 1, 1), (g.StrideH, g.StrideW, g.PadH, g.PadW, g.DilationH, g.DilationW));
    }

    [Fact]
    public void Kernel_larger_than_padded_input()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => Tensor.Zeros([1, 1, 3, 3]).Conv2d(Tensor.Zeros([2, 1, 5, 5])));
        Assert.Contains("conv2d", e.Message);
        Assert.Contains("[1, 1, 3, 3]", e.Message);
        Assert.Contains("larger than the padded input", e.Message);
    }

    [Fact]
    public void Channel_mismatch()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => Tensor.Zeros([1, 3, 8, 8]).Conv2d(Tensor.Zeros([4, 2, 3, 3])));
        Assert.Contains("conv2d", e.Message);
        Assert.Contains("3 channels", e.Message);
        Assert.Contains("[4, 2, 3, 3]", e.Message);
    }

    [Fact]
    public void Linear_weight_mismatch()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => Tensor.Zeros([5, 3]).Linear(Tensor.Zeros([4, 2])));
        Assert.Contains("linear", e.Message);
        Assert.Contains("[5, 3]", e.Message);
        Assert.Contains("[4, 2]", e.Message);
    }
}
