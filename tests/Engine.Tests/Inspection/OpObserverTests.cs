using Engine.Autodiff;
using Engine.Autodiff.Inspection;
using Engine.Tensors;
using Xunit;

namespace Engine.Tests.Inspection;

public class OpObserverTests
{
    public OpObserverTests() => TestSetup.UseCpuByDefault();

    private sealed class EventLog : IOpObserver
    {
        public List<OpEvent> Events { get; } = [];
        public List<Node> Freed { get; } = [];
        public void OnOp(OpEvent e) => Events.Add(e);
        public void OnNodeFreed(Node node) => Freed.Add(node);
    }

    [Fact]
    public void Results_are_unchanged_with_and_without_observers()
    {
        var plain = new DoubleBackwardGraph().PenaltyGradient(createGraph: false).ToDoubleArray();
        double[] observed = [];
        PassProfiler.Run(() =>
        {
            using var anomaly = AnomalyMode.Enable();
            observed = new DoubleBackwardGraph().PenaltyGradient(createGraph: false).ToDoubleArray();
        });
        Assert.Equal(plain, observed);
        Assert.Null(OpObserver.Current);
    }

    [Fact]
    public void Every_op_is_reported_with_its_pass_and_node()
    {
        var log = new EventLog();
        var graph = new DoubleBackwardGraph();
        using (OpObserver.Install(log)) graph.PenaltyGradient(createGraph: false);

        Assert.Equal([0, 1, 2], log.Events.Select(e => e.Pass).Distinct().Order());
        var tanh = Assert.Single(log.Events, e => e.Op == "tanh");
        Assert.Equal(0, tanh.Pass);
        Assert.Same(tanh.Output.Node, tanh.Node);
        Assert.Equal([4, 2], tanh.OutputShape);
        Assert.Equal(DType.Float64, Assert.Single(tanh.InputDTypes));
        Assert.All(log.Events.Where(e => e.Pass == 2), e => Assert.False(e.RecordedNode));
        // Nodes are reported freed while their saved tensors can still be read.
        Assert.NotEmpty(log.Freed);
        Assert.All(log.Freed, n => Assert.True(n.IsFreed));
    }

    [Fact]
    public void Ops_outside_record_are_reported_too()
    {
        var x = Tensor.FromArray(new double[] { -1, 2, 3, -4, 5, 6 }, [2, 3], requiresGrad: true);
        var y = x.Relu().LayerNorm(1).Sum();
        var log = new EventLog();
        using (OpObserver.Install(log)) Autograd.Grad(y, x);

        // The fused layer-norm backward runs when no graph is recorded, and the relu rule builds a mask.
        var fused = Assert.Single(log.Events, e => e.Op == "layer_norm_backward");
        Assert.Equal(1, fused.Pass);
        Assert.False(fused.RecordedNode);
        Assert.Equal([2, 3], fused.OutputShape);
        Assert.Equal(OpCost.LayerNormBackwardFlopsPerElement * 6L, fused.Flops);
        Assert.Contains(log.Events, e => e.Op == "step");
        Assert.Contains(PassProfilerOf(() => x.Greater(x)).Ops, o => o.Op == "greater");
    }

    [Fact]
    public void Scopes_nest_and_restore_the_previous_observer()
    {
        var (outer, inner) = (new EventLog(), new EventLog());
        var x = Tensor.FromArray(new double[] { 1, 2 }, [2]);
        using (OpObserver.Install(outer))
        {
            x.Exp();
            using (OpObserver.Install(inner)) x.Tanh();
            Assert.Same(outer, OpObserver.Current);
            x.Neg();
        }
        Assert.Null(OpObserver.Current);
        Assert.Equal(["exp", "neg"], outer.Events.Select(e => e.Op));
        Assert.Equal(["tanh"], inner.Events.Select(e => e.Op));
    }

    [Fact]
    public void Conv_family_costs_two_n_o_ho_wo_c_kh_kw()
    {
        var x = Tensor.FromArray(new double[2 * 3 * 5 * 5], [2, 3, 5, 5], requiresGrad: true);
        var w = Tensor.FromArray(new double[4 * 3 * 3 * 3], [4, 3, 3, 3], requiresGrad: true);
        var profile = PassProfilerOf(() => Autograd.Grad([x.Conv2d(w).Sum()], [x, w]));

        const long expected = 2L * 2 * 4 * 3 * 3 * (3 * 3 * 3);
        foreach (var op in new[] { "conv2d", "conv2d_grad_input", "conv2d_grad_weight" })
            Assert.Equal(expected, Assert.Single(profile.Ops, o => o.Op == op).Flops);
    }

    [Fact]
    public void Views_cost_nothing_and_copies_cost_bytes()
    {
        int[][] shape = [[2, 3]];
        Assert.Equal(new OpCost(0, 0), OpCost.Estimate("permute", shape, [[3, 2]], DType.Float32, outputIsView: true));
        Assert.Equal(new OpCost(0, 48), OpCost.Estimate("reshape", shape, [[6]], DType.Float32, outputIsView: false));
        Assert.Equal(new OpCost(6, 96), OpCost.Estimate("exp", shape, shape, DType.Float64));
        Assert.Equal(new OpCost(6, 56), OpCost.Estimate("sum", shape, [[1]], DType.Float64));
        Assert.Equal(new OpCost(2 * 2 * 4 * 3, 8 * (6 + 12 + 8)), OpCost.Estimate("matmul", [[2, 3], [3, 4]], [[2, 4]], DType.Float64));
    }

    private static GraphProfile PassProfilerOf(Action body) => PassProfiler.Run(body);
}
