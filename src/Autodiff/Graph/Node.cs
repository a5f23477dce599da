using Engine.Autodiff.Inspection;

namespace Engine.Autodiff;

/// <summary>
/// A backward rule: given the gradient of an op's output, returns the gradient of each input
/// (null where an input needs none), written in differentiable tensor ops. <paramref name="needsGrad"/>
/// says which inputs the walk needs, so a rule may skip work for the others.
/// </summary>
public delegate Tensor?[] BackwardRule(Tensor grad, bool[] needsGrad);

/// <summary>
/// One recorded op: its name, inputs, backward rule and the pass that created it (0 forward,
/// 1 backward, 2 backward of the backward, ...). The rule holds the saved tensors; freeing the
/// graph drops it.
/// </summary>
public sealed class Node
{
    internal Node(string op, Tensor[] inputs, BackwardRule rule, int pass, Tensor[] saved)
    {
        Op = op;
        Inputs = inputs;
        Rule = rule;
        Pass = pass;
        Saved = saved;
        Module = ModuleScope.Current;
    }

    /// <summary>The module that was running when the node was recorded (see <see cref="ModuleScope"/>), or null.</summary>
    public string? Module { get; }

    /// <summary>The op's name ("matmul", "tanh", "conv2d_grad_input", ...).</summary>
    public string Op { get; }

    /// <summary>The op's inputs, in order.</summary>
    public IReadOnlyList<Tensor> Inputs { get; }

    /// <summary>0 when recorded by forward code; n when recorded by a backward walk whose graph reached pass n - 1 at most.</summary>
    public int Pass { get; }

    /// <summary>Tensors the backward rule keeps alive (for inspection; empty once freed).</summary>
    public IReadOnlyList<Tensor> Saved { get; private set; }

    /// <summary>True once a backward without retainGraph has released this node's saved state.</summary>
    public bool IsFreed => Rule is null;

    internal BackwardRule? Rule { get; private set; }

    internal void Free()
    {
        // Before clearing, so an observer (the saved-memory profile) can still see what is released.
        if (OpObserver.Current is not null) OpObserver.ReportFreed(this);
        Rule = null;
        Saved = [];
    }
}
