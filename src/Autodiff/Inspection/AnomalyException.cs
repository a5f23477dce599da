namespace Engine.Autodiff.Inspection;

/// <summary>
/// Thrown in <see cref="AnomalyMode"/> by the first op whose output holds NaN or infinity. The
/// message names the op, the pass, the shapes, and whether the op created the bad value or only
/// propagated one that an input already held.
/// </summary>
public sealed class AnomalyException : Exception
{
    internal AnomalyException(string op, int pass, IReadOnlyList<int[]> inputShapes, int[] outputShape, string problem,
        IReadOnlyList<int> nonFiniteInputs, string message) : base(message)
    {
        Op = op;
        Pass = pass;
        InputShapes = inputShapes;
        OutputShape = outputShape;
        Problem = problem;
        NonFiniteInputs = nonFiniteInputs;
    }

    /// <summary>The op that produced the bad output ("log", "div", ...).</summary>
    public string Op { get; }

    /// <summary>The pass it ran in: 0 forward, 1 backward, 2 double backward, ...</summary>
    public int Pass { get; }

    /// <summary>"forward", "backward", "double backward" or "pass n".</summary>
    public string PassName => PassNames.Describe(Pass);

    /// <summary>Shapes of the op's inputs.</summary>
    public IReadOnlyList<int[]> InputShapes { get; }

    /// <summary>Shape of the bad output.</summary>
    public int[] OutputShape { get; }

    /// <summary>What the output held: "NaN", "Inf" or "NaN and Inf".</summary>
    public string Problem { get; }

    /// <summary>Indices of inputs that already held NaN or Inf (empty when the op created the bad value).</summary>
    public IReadOnlyList<int> NonFiniteInputs { get; }

    /// <summary>True when the op created the bad value from finite inputs.</summary>
    public bool CreatedByOp => NonFiniteInputs.Count == 0;
}
