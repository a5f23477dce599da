using Engine.Autodiff.Inspection;

namespace Engine.Autodiff;

/// <summary>
/// One recorded op: its name, inputs, backward rule and the pass that created it (0 forward,
/// 1 backward, 2 backward of the backward, ...). What it saves follows from what its rule
/// <see cref="Uses"/>; freeing the graph drops the rule and the saved tensors.
/// </summary>
public sealed class Node
{
    private readonly Tensor?[] _slots;
    private Tensor[] _extra;

    internal Node(string op, Tensor?[] slots, BackwardRule rule, int pass, Uses uses, Tensor? result, Tensor[] extra)
    {
        Op = op;
        _slots = slots;
        Inputs = slots.OfType<Tensor>().ToArray();
        Rule = rule;
        Pass = pass;
        Uses = uses;
        Result = (uses & Uses.Result) != 0 ? result : null;
        _extra = extra;
        Saved = DeriveSaved();
    }

    /// <summary>The op's name ("matmul", "tanh", "conv2d_grad_input", ...).</summary>
    public string Op { get; }

    /// <summary>The op's inputs, in order (absent optional inputs left out).</summary>
    public IReadOnlyList<Tensor> Inputs { get; }

    /// <summary>0 when recorded by forward code; n when recorded by a backward walk whose graph reached pass n - 1 at most.</summary>
    public int Pass { get; }

    /// <summary>What the backward rule reads, as the op declared it.</summary>
    public Uses Uses { get; }

    /// <summary>
    /// Tensors the backward rule keeps alive (for inspection; empty once freed): the declared inputs,
    /// the output when declared, and the op's extra state (e.g. layer norm's mean and rstd).
    /// </summary>
    public IReadOnlyList<Tensor> Saved { get; private set; }

    /// <summary>True once a backward without retainGraph has released this node's saved state.</summary>
    public bool IsFreed => Rule is null;

    internal BackwardRule? Rule { get; private set; }

    internal Tensor? Result { get; private set; }

    /// <summary>The number of input slots the rule returns gradients for (absent optional inputs included).</summary>
    internal int SlotCount => _slots.Length;

    internal Tensor? InputAt(int slot) => slot < _slots.Length ? _slots[slot] : null;

    /// <summary>Runs the rule and maps its per-slot gradients onto <see cref="Inputs"/> (the engine, not the op, skips absent optional inputs).</summary>
    internal Tensor?[] Apply(Tensor grad, bool[] needsInput)
    {
        var rule = Rule ?? throw new InvalidOperationException($"backward of '{Op}': the graph was freed");
        var needsSlot = new bool[_slots.Length];
        for (int s = 0, i = 0; s < _slots.Length; s++)
            if (_slots[s] is not null) needsSlot[s] = needsInput[i++];
        var slotGrads = rule(new BackwardContext(this, grad, needsSlot));
        if (slotGrads.Length != _slots.Length)
            throw new InvalidOperationException($"grad: rule of '{Op}' returned {slotGrads.Length} gradients for {_slots.Length} input slots");
        var grads = new Tensor?[Inputs.Count];
        for (int s = 0, i = 0; s < _slots.Length; s++)
            if (_slots[s] is not null) grads[i++] = slotGrads[s];
        return grads;
    }

    internal void Free()
    {
        // Before clearing, so an observer (the saved-memory profile) can still see what is released.
        if (OpObserver.Current is not null) OpObserver.ReportFreed(this);
        Rule = null;
        Result = null;
        _extra = [];
        Saved = [];
    }

    private Tensor[] DeriveSaved()
    {
        var saved = new List<Tensor>();
        for (var s = 0; s < _slots.Length && s < 3; s++)
            if ((Uses & BackwardContext.InputFlag(s)) != 0 && _slots[s] is { } t) saved.Add(t);
        if (Result is not null) saved.Add(Result);
        saved.AddRange(_extra);
        return saved.Distinct(ReferenceEqualityComparer.Instance).Cast<Tensor>().ToArray();
    }
}
