using Engine.Autodiff;
using Engine.Autodiff.Inspection;
using Engine.Gan.Penalties;
using Engine.Tests.Gan;
using Xunit;

namespace Engine.Tests.Inspection;

/// <summary>The profile charges each op, in every pass, to the layer whose op it runs or differentiates.</summary>
public class ModuleProfileTests
{
    public ModuleProfileTests() => TestSetup.UseCpuByDefault();

    [Fact]
    public void A_penalised_step_is_costed_by_layer_in_all_three_passes()
    {
        var critic = GanTestModels.ToyCritic(width: 6);
        var parameters = critic.Parameters();
        var x = GanTestModels.Batch(3, 8, 2);
        var profile = PassProfiler.Run(() =>
        {
            var term = new ZeroCenteredPenalty { Lambda = 1 }.Compute(critic, x, x, new Engine.Tensors.RandomStream(1))!;
            Autograd.Grad([term.Value], parameters, allowUnused: true);
        });
        var rows = profile.Modules;
        foreach (var pass in new[] { 0, 1, 2 })
        foreach (var layer in new[] { "l1", "l2", "l3", "out" })
            Assert.Contains(rows, m => m.Pass == pass && m.Module == layer && m.Flops > 0);
        // The hidden 6x6 layers do the same matmuls, so l2 and l3 cost the same in every pass.
        foreach (var pass in new[] { 0, 1, 2 })
            Assert.Equal(rows.Single(m => m.Pass == pass && m.Module == "l2").Flops, rows.Single(m => m.Pass == pass && m.Module == "l3").Flops);
        // Module rows add up to the pass totals: every op is charged to exactly one module (or to none).
        foreach (var p in profile.Passes)
            Assert.Equal(p.Flops, rows.Where(m => m.Pass == p.Pass).Sum(m => m.Flops));
        Assert.Contains(rows, m => m.Module == "l2" && m.PeakSavedBytes > 0);
        Assert.Contains("double backward / l2", profile.ToTable());
        Assert.Contains("\"modules\"", profile.ToJson());
        Assert.Null(ModuleScope.Current);
    }
}
