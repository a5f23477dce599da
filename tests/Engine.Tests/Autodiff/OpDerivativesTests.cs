using Engine.Autodiff;
using Engine.Kernels.Cpu;
using Xunit;

namespace Engine.Tests.Autodiff;

/// <summary>
/// Every catalog row to the third derivative (fast mode, v^T J u) on the CPU — the check behind
/// <c>engine ops</c> — and what the report says about backward ops and fused paths.
/// </summary>
public class OpDerivativesTests
{
    public OpDerivativesTests() => TestSetup.UseCpuByDefault();

    public static TheoryData<string> Rows => new(OpCatalog.All.Select(s => s.Name));

    [Theory, MemberData(nameof(Rows))]
    public void Third_order_check_passes(string name)
    {
        var result = OpDerivatives.Check(OpCatalog.Get(name), CpuBackend.Instance, 3);
        Assert.True(result.Passed, result.Message);
    }

    [Fact]
    public void Report_names_the_ops_of_a_backward_and_the_fused_layer_norm_path()
    {
        var tanh = OpDerivatives.Describe(OpCatalog.Get("tanh"), CpuBackend.Instance, maxOrder: 2);
        Assert.Equal(2, tanh.VerifiedOrder);
        Assert.Contains("mul", tanh.BackwardOps);
        Assert.False(tanh.FusedWithoutGraph);

        var ln = OpDerivatives.Describe(OpCatalog.Get("layer_norm_1dim_affine"), CpuBackend.Instance, maxOrder: 1);
        Assert.True(ln.FusedWithoutGraph, $"recorded {string.Join(",", ln.BackwardOps)}; graph-free {string.Join(",", ln.GraphFreeBackwardOps)}");
        Assert.Contains("layer_norm_backward", ln.GraphFreeBackwardOps);
        Assert.DoesNotContain("layer_norm_backward", ln.BackwardOps);

        var conv = OpDerivatives.Describe(OpCatalog.Get("conv2d_s1_p0"), CpuBackend.Instance, maxOrder: 1);
        Assert.Contains("conv2d_grad_input", conv.BackwardOps);
        Assert.Contains("conv2d_grad_weight", conv.BackwardOps);
    }
}
