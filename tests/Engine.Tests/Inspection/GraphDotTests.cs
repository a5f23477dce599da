using Engine.Autodiff;
using Engine.Autodiff.Inspection;
using Xunit;

namespace Engine.Tests.Inspection;

public class GraphDotTests
{
    public GraphDotTests() => TestSetup.UseCpuByDefault();

    [Fact]
    public void Double_backward_graph_shows_ops_all_three_passes_and_the_leaves()
    {
        var graph = new DoubleBackwardGraph();
        var gw = graph.PenaltyGradient(createGraph: true);

        var dot = GraphDot.Export([gw]);

        Assert.StartsWith("digraph \"autograd\" {", dot);
        Assert.Equal(dot.Count(c => c == '{'), dot.Count(c => c == '}'));
        Assert.EndsWith("}\n", dot.ReplaceLineEndings("\n"));
        foreach (var op in new[] { "matmul", "tanh", "permute", "mul", "sub" })
            Assert.Contains($"label=\"{op}\\n", dot);
        // Pass tags inside op labels, and one cluster per pass.
        Assert.Contains("\\nforward\\n", dot);
        Assert.Contains("\\nbackward\\n", dot);
        Assert.Contains("\\ndouble backward\\n", dot);
        Assert.Contains("subgraph cluster_pass0", dot);
        Assert.Contains("subgraph cluster_pass1", dot);
        Assert.Contains("subgraph cluster_pass2", dot);
        // Leaves that require grad, by name and shape.
        Assert.Contains("label=\"x\\n[4, 3] float64\"", dot);
        Assert.Contains("label=\"W\\n[2, 3] float64\"", dot);
        Assert.Contains(" -> ", dot);
    }

    [Fact]
    public void Export_is_stable_and_ids_are_numbered_from_the_outputs()
    {
        var graph = new DoubleBackwardGraph();
        var gw = graph.PenaltyGradient(createGraph: true);

        var first = GraphDot.Export([gw]);
        Assert.Equal(first, GraphDot.Export([gw]));
        // t0 is the output, drawn with a double border.
        Assert.Matches("t0 \\[label=\"[a-z_]+\\\\ndouble backward\\\\n\\[2, 3\\] float64", first);
        Assert.Contains("peripheries=2", first);
    }

    [Fact]
    public void Labels_escape_quotes_and_backslashes()
    {
        var w = Tensor.FromArray(new double[] { 1, 2 }, [2], requiresGrad: true);
        w.Name = "layer \"1\\a\"";
        var dot = GraphDot.Export([w.Tanh()]);
        Assert.Contains("label=\"layer \\\"1\\\\a\\\"\\n[2] float64\"", dot);
    }

    [Fact]
    public void Constants_can_be_hidden()
    {
        var x = Tensor.FromArray(new double[] { 1, 2 }, [2], requiresGrad: true);
        var y = x * 2.0;
        Assert.Contains("constant\\n[] float64", GraphDot.Export([y]));
        Assert.DoesNotContain("constant", GraphDot.Export([y], new DotOptions { ShowConstants = false }));
    }

    [Fact]
    public void Deep_graphs_export_without_recursion()
    {
        var x = Tensor.FromArray(new double[] { 0.5 }, [1], requiresGrad: true);
        var y = x;
        for (var i = 0; i < 50_000; i++) y = y.Neg();
        var dot = GraphDot.Export([y], new DotOptions { ClusterByPass = false });
        Assert.Contains("t50000 ", dot);
    }

    [Fact]
    public void Write_saves_the_export()
    {
        var x = Tensor.FromArray(new double[] { 1, 2 }, [2], requiresGrad: true);
        var y = x.Exp();
        var path = Path.Combine(Path.GetTempPath(), $"graph-{Guid.NewGuid():N}.dot");
        try
        {
            GraphDot.Write(path, [y]);
            Assert.Equal(GraphDot.Export([y]), File.ReadAllText(path));
        }
        finally { File.Delete(path); }
    }
}
