using Engine.Autodiff;
using Engine.Autodiff.Inspection;
using Xunit;

namespace Engine.Tests.Inspection;

public class AnomalyModeTests
{
    public AnomalyModeTests() => TestSetup.UseCpuByDefault();

    [Fact]
    public void Log_of_a_negative_in_the_forward_is_named()
    {
        var x = Tensor.FromArray(new double[] { 1, -1, 2, 3, 4, 5 }, [2, 3], requiresGrad: true);
        using var anomaly = AnomalyMode.Enable();

        var e = Assert.Throws<AnomalyException>(() => x.Log());

        Assert.Equal("log", e.Op);
        Assert.Equal(0, e.Pass);
        Assert.Equal([2, 3], e.OutputShape);
        Assert.Equal([2, 3], Assert.Single(e.InputShapes));
        Assert.True(e.CreatedByOp);
        Assert.StartsWith("anomaly: 'log' in the forward pass produced NaN in its output [2, 3] from inputs [2, 3]", e.Message);
    }

    [Fact]
    public void Log_of_a_negative_base_inside_the_backward_of_pow_is_named()
    {
        // d/db a^b = a^b ln a: the forward (-2)^2 is fine, the backward takes ln(-2).
        var a = Tensor.FromArray(new double[] { -2, 3 }, [2]);
        var b = Tensor.FromArray(new double[] { 2, 2 }, [2], requiresGrad: true);
        var y = a.Pow(b).Sum();
        using var anomaly = AnomalyMode.Enable();

        var e = Assert.Throws<AnomalyException>(() => Autograd.Grad(y, b));

        Assert.Equal("log", e.Op);
        Assert.Equal(1, e.Pass);
        Assert.Contains("'log' in the backward pass produced NaN in its output [2]", e.Message);
    }

    [Fact]
    public void Division_by_a_zero_square_root_in_the_backward_is_named()
    {
        // d/dx sqrt(x) = 1 / (2 sqrt(x)) is infinite at 0, though sqrt(0) is fine.
        var x = Tensor.FromArray(new double[] { 0, 1, 4 }, [3], requiresGrad: true);
        using var anomaly = AnomalyMode.Enable();
        var y = x.Sqrt().Sum();

        var e = Assert.Throws<AnomalyException>(() => Autograd.Grad(y, x));

        Assert.Equal("div", e.Op);
        Assert.Equal("backward", e.PassName);
        Assert.Equal("Inf", e.Problem);
        Assert.Contains("'div' in the backward pass produced Inf", e.Message);
    }

    [Fact]
    public void A_nan_made_only_by_the_double_backward_names_that_pass()
    {
        // d/da a^b = b a^(b-1) is finite at a = -2; differentiating it in b takes ln(-2).
        var a = Tensor.FromArray(new double[] { -2 }, [1], requiresGrad: true);
        var b = Tensor.FromArray(new double[] { 2 }, [1], requiresGrad: true);
        using var anomaly = AnomalyMode.Enable();
        var ga = Autograd.Grad(a.Pow(b).Sum(), a, createGraph: true)!;

        var e = Assert.Throws<AnomalyException>(() => Autograd.Grad(ga.Sum(), b));

        Assert.Equal("log", e.Op);
        Assert.Equal(2, e.Pass);
        Assert.Contains("in the double backward pass produced NaN", e.Message);
    }

    [Fact]
    public void A_nan_already_in_an_input_is_reported_as_propagated()
    {
        var x = Tensor.FromArray(new double[] { double.NaN, 1 }, [2], requiresGrad: true);
        using var anomaly = AnomalyMode.Enable();

        var e = Assert.Throws<AnomalyException>(() => x.Exp());

        Assert.False(e.CreatedByOp);
        Assert.Equal([0], e.NonFiniteInputs);
        Assert.Contains("'exp' in the forward pass propagated NaN to its output [2]", e.Message);
    }

    [Fact]
    public void Finite_computations_pass_and_the_mode_ends_with_its_scope()
    {
        var graph = new DoubleBackwardGraph();
        using (AnomalyMode.Enable())
        {
            Assert.True(AnomalyMode.IsEnabled);
            graph.PenaltyGradient(createGraph: true);
        }
        Assert.False(AnomalyMode.IsEnabled);
        var x = Tensor.FromArray(new double[] { -1 }, [1]);
        Assert.True(double.IsNaN(x.Log().Item()));
    }

    [Fact]
    public void A_profiler_installed_first_keeps_counting_under_anomaly_mode()
    {
        var graph = new DoubleBackwardGraph();
        var profile = PassProfiler.Run(() =>
        {
            using var anomaly = AnomalyMode.Enable();
            graph.PenaltyGradient(createGraph: false);
        });
        Assert.True(profile.ForPass(2).Ops > 0);
        Assert.Equal(0, profile.Total.LiveSavedBytes);
    }
}
