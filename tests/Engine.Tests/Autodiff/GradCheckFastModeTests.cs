using Engine.Autodiff;
using Xunit;
using static Engine.Tests.Autodiff.TestTensors;

namespace Engine.Tests.Autodiff;

public class GradCheckFastModeTests
{
    private static readonly GradCheckOptions Fast = new() { FastMode = true };

    [Fact]
    public void Fast_mode_passes_a_large_correct_function()
    {
        var a = Random(1, [40, 30]);
        var b = Random(2, [30, 20]);
        var result = GradientCheck.GradCheck(x => x[0].MatMul(x[1]).Tanh(), [a, b], Fast);
        Assert.True(result.Passed, result.Message);
        Assert.True(GradientCheck.GradGradCheck(x => x[0].MatMul(x[1]).Tanh(), [a, b], Fast).Passed);
    }

    [Fact]
    public void Fast_mode_catches_a_wrong_rule_and_names_it()
    {
        var x = Random(3, [50, 20]);
        var result = GradientCheck.GradCheck(v => v[0].Detach() * v[0], [x], Fast with { Name = "half_square" });
        Assert.False(result.Passed);
        Assert.Contains("half_square", result.Message);
        Assert.Contains("fast mode", result.Message);
        Assert.Equal(0, result.InputIndex);
    }
}
