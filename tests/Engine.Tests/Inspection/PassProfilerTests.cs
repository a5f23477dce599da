using System.Text.Json;
using Engine.Autodiff;
using Engine.Autodiff.Inspection;
using Xunit;

namespace Engine.Tests.Inspection;

public class PassProfilerTests
{
    public PassProfilerTests() => TestSetup.UseCpuByDefault();

    [Fact]
    public void Linear_forward_is_one_fused_op_counting_the_matmul_plus_the_bias_add()
    {
        const int batch = 5, inputs = 3, outputs = 4;
        var x = Tensor.FromArray(new double[batch * inputs], [batch, inputs], requiresGrad: true);
        var w = Tensor.FromArray(new double[outputs * inputs], [outputs, inputs], requiresGrad: true);
        var b = Tensor.FromArray(new double[outputs], [outputs], requiresGrad: true);

        var profile = PassProfiler.Run(() => x.Linear(w, b));

        var forward = profile.ForPass(0);
        // linear (GEMM with the bias in its epilogue): 2 B in out for the product, 1 per output element for the bias.
        Assert.Equal(2L * batch * inputs * outputs + batch * outputs, forward.Flops);
        Assert.Equal(1, forward.Ops);
        Assert.Equal(1, forward.Nodes);
        // One op reads x, W and b and writes y once: no intermediate product array.
        Assert.Equal(8L * (batch * inputs + outputs * inputs + outputs + batch * outputs), forward.Bytes);
        Assert.Single(profile.Passes);
    }

    [Fact]
    public void Double_backward_counts_every_pass_and_frees_saved_memory_after_a_non_retaining_backward()
    {
        var graph = new DoubleBackwardGraph();

        var profile = PassProfiler.Run(() => graph.PenaltyGradient(createGraph: false));

        var (forward, backward, second) = (profile.ForPass(0), profile.ForPass(1), profile.ForPass(2));
        Assert.All([forward, backward, second], p => Assert.True(p.Ops > 0 && p.Flops > 0 && p.Bytes > 0, $"{p.PassName}: {p}"));
        Assert.True(forward.Nodes > 0 && backward.Nodes > 0);
        Assert.Equal(0, second.Nodes); // the last backward records nothing
        Assert.True(forward.PeakSavedBytes > 0 && backward.PeakSavedBytes > 0);
        Assert.True(profile.Total.PeakSavedBytes >= Math.Max(forward.PeakSavedBytes, backward.PeakSavedBytes));
        Assert.Equal(0, profile.Total.LiveSavedBytes);
        Assert.All(profile.Passes, p => Assert.Equal(0, p.LiveSavedBytes));
        Assert.Equal(profile.Passes.Sum(p => p.Ops), profile.Total.Ops);
        Assert.Equal(profile.Ops.Sum(o => o.Flops), profile.Total.Flops);
    }

    [Fact]
    public void A_retained_or_graph_building_backward_keeps_saved_memory_live()
    {
        var graph = new DoubleBackwardGraph();

        var profile = PassProfiler.Run(() => graph.PenaltyGradient(createGraph: true));

        Assert.True(profile.ForPass(2).Nodes > 0);
        Assert.True(profile.Total.LiveSavedBytes > 0);
        Assert.Equal(profile.Passes.Sum(p => p.LiveSavedBytes), profile.Total.LiveSavedBytes);
    }

    [Fact]
    public void Time_is_charged_to_ops_and_sums_to_the_total()
    {
        var graph = new DoubleBackwardGraph();
        var profile = PassProfiler.Run(() => graph.PenaltyGradient(createGraph: false));
        Assert.True(profile.Total.Seconds > 0);
        Assert.Equal(profile.Passes.Sum(p => p.Seconds), profile.Total.Seconds, 12);
        Assert.All(profile.Ops, o => Assert.True(o.Seconds >= 0));
    }

    [Fact]
    public void Json_uses_snake_case_and_the_table_has_a_row_per_pass()
    {
        var graph = new DoubleBackwardGraph();
        var profile = PassProfiler.Run(() => graph.PenaltyGradient(createGraph: false));

        using var json = JsonDocument.Parse(profile.ToJson());
        var passes = json.RootElement.GetProperty("passes");
        Assert.Equal(3, passes.GetArrayLength());
        Assert.Equal("double backward", passes[2].GetProperty("pass_name").GetString());
        Assert.Equal(profile.Total.Flops, json.RootElement.GetProperty("total").GetProperty("flops").GetInt64());
        Assert.True(json.RootElement.GetProperty("total").GetProperty("peak_saved_bytes").GetInt64() > 0);
        Assert.True(json.RootElement.GetProperty("ops").GetArrayLength() > 0);

        var lines = profile.ToTable().Split('\n');
        Assert.StartsWith("pass ", lines[0]);
        Assert.StartsWith("forward ", lines[1]);
        Assert.StartsWith("backward ", lines[2]);
        Assert.StartsWith("double backward ", lines[3]);
        Assert.StartsWith("total ", lines[4]);
        Assert.Contains("double backward / ", profile.ToTable());
        // Op rows end with their rates: an op that did arithmetic in measurable time has a positive GFLOP/s.
        Assert.Equal(["GFLOP/s", "GB/s"], lines.First(l => l.StartsWith("pass / op")).Split(" ", StringSplitOptions.RemoveEmptyEntries)[^2..]);
        var rated = lines.Where(l => l.Contains(" / ") && !l.StartsWith("pass")).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 2 && double.TryParse(f[^2], System.Globalization.CultureInfo.InvariantCulture, out var g) && g > 0);
        Assert.NotEmpty(rated);
    }

    [Fact]
    public void Nodes_recorded_before_the_profiler_are_not_subtracted()
    {
        var graph = new DoubleBackwardGraph();
        var y = graph.X.MatMul(graph.W.Transpose()).Tanh().Sum();
        var profile = PassProfiler.Run(() => Autograd.Grad(y, graph.W));
        Assert.Equal(0, profile.Total.LiveSavedBytes);
        Assert.Equal(0, profile.Total.PeakSavedBytes);
        Assert.True(profile.ForPass(1).Ops > 0);
    }
}
