using Engine.Autodiff.Inspection;
using Engine.Tensors;

namespace Engine.Autodiff;

/// <summary>What one catalog op's backward is made of, and to which order its derivatives were verified on a backend.</summary>
/// <param name="Name">The <see cref="OpCatalog"/> row.</param>
/// <param name="BackwardOps">The ops its backward records when a graph is kept (createGraph), in the order they ran.</param>
/// <param name="GraphFreeBackwardOps">The ops its backward runs when no graph is recorded.</param>
/// <param name="VerifiedOrder">Highest order n such that every order 1..n passed its check (0: not even the first).</param>
/// <param name="Message">Why the next order failed; empty when all orders checked passed.</param>
public sealed record OpDerivativeReport(string Name, string[] BackwardOps, string[] GraphFreeBackwardOps, int VerifiedOrder, string Message)
{
    /// <summary>True when the backward switches to other ops (a fused kernel) when no graph is recorded, as layer norm does.</summary>
    public bool FusedWithoutGraph => !BackwardOps.Order(StringComparer.Ordinal).SequenceEqual(GraphFreeBackwardOps.Order(StringComparer.Ordinal));
}

/// <summary>
/// For <c>engine ops</c> and the op tests: records what an op's backward runs with and without a
/// graph, and checks its derivatives order by order in float64 on a backend with the checks the
/// suite runs: GradCheck and GradGradCheck in full, the third order in fast mode (v^T J u, which
/// needs two evaluations per input instead of one per element).
/// </summary>
public static class OpDerivatives
{
    /// <summary>The highest order checked.</summary>
    public const int MaxOrder = 3;

    /// <summary>The check of order <paramref name="order"/> for <paramref name="spec"/> on <paramref name="backend"/>.</summary>
    public static GradCheckResult Check(OpSpec spec, IBackend backend, int order)
    {
        var leaves = Leaves(spec, backend);
        var options = new GradCheckOptions { Name = spec.Name, FastMode = order >= 3 };
        return GradientCheck.OrderCheck(x => [spec.Op(x)], leaves, order, options);
    }

    /// <summary>The report of one row: its backward's ops and the verified order (up to <paramref name="maxOrder"/>).</summary>
    public static OpDerivativeReport Describe(OpSpec spec, IBackend backend, int maxOrder = MaxOrder)
    {
        var recorded = BackwardOps(spec, backend, createGraph: true);
        var graphFree = BackwardOps(spec, backend, createGraph: false);
        var verified = 0;
        var message = "";
        for (var order = 1; order <= maxOrder; order++)
        {
            var result = Check(spec, backend, order);
            if (!result.Passed) { message = result.Message; break; }
            verified = order;
        }
        return new OpDerivativeReport(spec.Name, recorded, graphFree, verified, message);
    }

    private static Tensor[] Leaves(OpSpec spec, IBackend backend) =>
        BackendSelfTest.Inputs(spec).Select((v, i) => Tensor.FromArray(v, spec.Shapes[i], requiresGrad: true, backend)).ToArray();

    /// <summary>The distinct ops, in first-run order, that the first backward of the row runs.</summary>
    private static string[] BackwardOps(OpSpec spec, IBackend backend, bool createGraph)
    {
        var leaves = Leaves(spec, backend);
        Tensor y;
        using (GradMode.EnableGrad()) y = spec.Op(leaves);
        var v = Tensor.Normal(new RandomStream(5), y.Shape, dtype: DType.Float64, backend: backend);
        var recorder = new OpNames();
        using (OpObserver.Install(recorder))
            Autograd.Grad([y], leaves, [v], createGraph: createGraph, allowUnused: true);
        return [.. recorder.Names];
    }

    /// <summary>Collects the names of the ops run in the first backward pass.</summary>
    private sealed class OpNames : IOpObserver
    {
        public List<string> Names { get; } = [];

        public void OnOp(OpEvent e)
        {
            if (e.Pass == 1 && !Names.Contains(e.Op)) Names.Add(e.Op);
        }
    }
}
