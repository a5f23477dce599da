namespace Engine.Autodiff.Inspection;

/// <summary>Choices for <see cref="GraphDot.Export"/>.</summary>
public sealed record DotOptions
{
    /// <summary>The graph's name after <c>digraph</c>.</summary>
    public string GraphName { get; init; } = "autograd";

    /// <summary>
    /// Draw inputs that neither require grad nor have a node (scalars from <c>x * 2.0</c>, masks,
    /// seeds). Off hides them and their edges, which unclutters large graphs.
    /// </summary>
    public bool ShowConstants { get; init; } = true;

    /// <summary>Group op nodes in one labelled cluster per pass (doubling as a legend).</summary>
    public bool ClusterByPass { get; init; } = true;

    /// <summary>Graphviz rank direction: "BT" puts outputs on top, like a gradient flowing down.</summary>
    public string RankDirection { get; init; } = "BT";
}
