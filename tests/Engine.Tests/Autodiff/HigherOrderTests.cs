using Engine.Autodiff;
using Xunit;
using static Engine.Tests.Autodiff.TestTensors;

namespace Engine.Tests.Autodiff;

public class HigherOrderTests
{
    private static double[] ThirdDerivative(Func<Tensor, Tensor> f, Tensor x)
    {
        var g1 = Autograd.Grad(f(x).Sum(), x, createGraph: true)!;
        var g2 = Autograd.Grad(g1.Sum(), x, createGraph: true)!;
        return Autograd.Grad(g2.Sum(), x)!.ToDoubleArray();
    }

    [Fact]
    public void Third_derivative_of_tanh_matches_the_formula()
    {
        double[] values = [-1.3, -0.2, 0.0, 0.4, 1.7];
        var d3 = ThirdDerivative(x => x.Tanh(), F64(values, 5).RequireGrad());
        for (var i = 0; i < values.Length; i++)
        {
            var t = Math.Tanh(values[i]);
            // tanh''' = -2 (1 - t^2)(1 - 3 t^2)
            Assert.Equal(-2 * (1 - t * t) * (1 - 3 * t * t), d3[i], 12);
        }
    }

    [Fact]
    public void Third_derivative_of_cube_is_six()
    {
        var d3 = ThirdDerivative(x => x.Pow(3.0), F64([-2, 0.5, 3], 3).RequireGrad());
        Assert.All(d3, v => Assert.Equal(6.0, v, 12));
    }

    [Theory]
    [InlineData("tanh")]
    [InlineData("sigmoid")]
    [InlineData("cube")]
    [InlineData("softplus")]
    public void Third_order_GradGradCheck(string op)
    {
        Func<Tensor, Tensor> f = op switch
        {
            "tanh" => x => x.Tanh(),
            "sigmoid" => x => x.Sigmoid(),
            "cube" => x => x.Pow(3.0),
            _ => x => x.Softplus(),
        };
        var x0 = Random(7, [4]);
        // GradGradCheck of a first derivative is a check of the third derivative.
        var result = GradientCheck.GradGradCheck(xs => Autograd.Grad(f(xs[0]).Sum(), xs[0], createGraph: true)!, [x0]);
        Assert.True(result.Passed, result.Message);
    }

    [Fact]
    public void Hessian_equals_the_analytic_hessian()
    {
        // f(x0, x1) = x0^2 x1 + exp(x0 x1) + x1^3
        double a = 0.7, b = -0.4;
        var x = F64([a, b], 2).RequireGrad();
        Tensor F(Tensor v)
        {
            var x0 = v.Slice(0, 0, 1);
            var x1 = v.Slice(0, 1, 1);
            return (x0 * x0 * x1 + (x0 * x1).Exp() + x1.Pow(3.0)).Sum();
        }
        var g = Autograd.Grad(F(x), x, createGraph: true)!;
        var hessian = new double[2, 2];
        for (var i = 0; i < 2; i++)
        {
            var row = Autograd.Grad(g.Slice(0, i, 1).Sum(), x, retainGraph: true)!.ToDoubleArray();
            hessian[i, 0] = row[0];
            hessian[i, 1] = row[1];
        }
        var e = Math.Exp(a * b);
        Assert.Equal(2 * b + b * b * e, hessian[0, 0], 12);
        Assert.Equal(2 * a + e * (1 + a * b), hessian[0, 1], 12);
        Assert.Equal(2 * a + e * (1 + a * b), hessian[1, 0], 12);
        Assert.Equal(a * a * e + 6 * b, hessian[1, 1], 12);
    }
}
