namespace Engine.Autodiff;

/// <summary>
/// What an op's backward rule reads: which of the op's inputs and whether its output, declared once
/// when the op records itself. The engine derives the node's saved tensors from this declaration, and
/// <see cref="BackwardContext"/> refuses a read that was not declared, so the saved-memory figures
/// of a profile cannot drift from what the rules really keep alive.
/// </summary>
[Flags]
public enum Uses
{
    /// <summary>The rule reads nothing but the incoming gradient (add, reshape, sum, ...).</summary>
    None = 0,

    /// <summary>The op's output (tanh, sigmoid, exp, sqrt: PyTorch's <c>result</c>, tinygrad's <c>ret</c>).</summary>
    Result = 1,

    /// <summary>Input 0.</summary>
    Input0 = 2,

    /// <summary>Input 1.</summary>
    Input1 = 4,

    /// <summary>Input 2.</summary>
    Input2 = 8,
}

/// <summary>
/// A backward rule: from the gradient of an op's output and what the op declared it <see cref="Uses"/>,
/// the gradient of each input slot (null where none is needed or defined), written in differentiable
/// tensor ops.
/// </summary>
public delegate Tensor?[] BackwardRule(BackwardContext ctx);

/// <summary>The arguments of one backward rule call: the incoming gradient, which input slots need a gradient, and the saved operands.</summary>
public sealed class BackwardContext
{
    private readonly Node _node;

    internal BackwardContext(Node node, Tensor grad, bool[] needs)
    {
        _node = node;
        Grad = grad;
        NeedsGrad = needs;
    }

    /// <summary>The gradient of the op's output.</summary>
    public Tensor Grad { get; }

    /// <summary>Per input slot (as the op passed them, absent optional inputs included): whether the walk needs its gradient.</summary>
    public IReadOnlyList<bool> NeedsGrad { get; }

    /// <summary>Whether input slot <paramref name="slot"/> needs a gradient.</summary>
    public bool Needs(int slot) => NeedsGrad[slot];

    /// <summary>The op's output; the op must have declared <see cref="Uses.Result"/>.</summary>
    public Tensor Result => (_node.Uses & Uses.Result) != 0 && _node.Result is { } r
        ? r
        : throw Undeclared("its output", Uses.Result);

    /// <summary>Input slot <paramref name="slot"/>; the op must have declared it (<see cref="Uses.Input0"/>, ...).</summary>
    public Tensor Input(int slot)
    {
        var flag = InputFlag(slot);
        if ((_node.Uses & flag) == 0 || _node.InputAt(slot) is not { } t) throw Undeclared($"input {slot}", flag);
        return t;
    }

    /// <summary>The declaration flag of input slot <paramref name="slot"/>.</summary>
    public static Uses InputFlag(int slot) => slot switch
    {
        0 => Uses.Input0,
        1 => Uses.Input1,
        2 => Uses.Input2,
        _ => throw new ArgumentOutOfRangeException(nameof(slot), slot, "a rule can declare inputs 0 to 2"),
    };

    private InvalidOperationException Undeclared(string what, Uses flag) =>
        new($"backward of '{_node.Op}': the rule reads {what}, but the op did not declare Uses.{flag} when it recorded (so it was not saved)");
}
