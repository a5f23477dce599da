using Engine.Autodiff;
using Xunit;
using static Engine.Tests.Autodiff.TestTensors;

namespace Engine.Tests.Autodiff;

public class LayerNormPathsTests
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(2, false)]
    public void Fused_and_composite_backward_agree(int dims, bool affine)
    {
        var x = Random(1, [3, 4, 5]);
        var w = affine ? Random(2, new[] { 4, 5 }[^dims..]) : null;
        var b = affine ? Random(3, new[] { 4, 5 }[^dims..]) : null;
        var gy = Random(4, [3, 4, 5], requiresGrad: false);
        Tensor[] inputs = affine ? [x, w!, b!] : [x];

        // no graph recorded: the fused kernel
        var fused = Autograd.Grad([x.LayerNorm(dims, w, b)], inputs, [gy]);
        // graph recorded: the composite of differentiable ops
        var composite = Autograd.Grad([x.LayerNorm(dims, w, b)], inputs, [gy], createGraph: true);
        Assert.True(composite[0]!.RequiresGrad); // dx is a graph of its own (db = sum(gy) is constant in the inputs)
        for (var i = 0; i < inputs.Length; i++)
        {
            var (f, c) = (fused[i]!.ToDoubleArray(), composite[i]!.ToDoubleArray());
            for (var j = 0; j < f.Length; j++) Assert.Equal(f[j], c[j], 10);
        }
    }

    [Fact]
    public void Third_order_through_conv2d()
    {
        // d/dw of a double-backward scalar: GradGradCheck of w -> d/dx sum(conv(x, w)^2) is a third-order check.
        var x = Random(5, [1, 1, 4, 4]);
        var w = Random(6, [2, 1, 2, 2]);
        var result = GradientCheck.GradGradCheck(v =>
        {
            var y = v[0].Conv2d(v[1], geometry: new Engine.Tensors.Conv2dGeometry(1, 1, 1, 1));
            return Autograd.Grad((y * y).Sum(), v[0], createGraph: true)!;
        }, [x, w]);
        Assert.True(result.Passed, result.Message);
    }
}
