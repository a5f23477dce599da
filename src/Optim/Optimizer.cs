using Engine.Autodiff;
using Engine.Tensors;

namespace Engine.Optim;

/// <summary>
/// Updates parameters in place from their <see cref="Tensor.Grad"/>. Adam and RMSProp call the
/// backend's fused update kernel (one pass over each element instead of a dozen elementwise ops
/// and their temporaries), so they run on whatever backend holds the parameters. State tensors
/// are named "param.slot" (e.g. "l1.weight.exp_avg") so checkpoints can store and restore them.
/// </summary>
public abstract class Optimizer
{
    private readonly List<(string Name, Tensor Param)> _params;
    private readonly Dictionary<string, Tensor> _state = [];

    /// <summary>Creates the optimizer over named parameters (a module's <c>NamedParameters()</c>).</summary>
    protected Optimizer(IEnumerable<(string Name, Tensor Value)> parameters, double learningRate)
    {
        _params = parameters.Select(p => (p.Name, p.Value)).ToList();
        LearningRate = learningRate;
    }

    /// <summary>The step size; may be changed between steps (a schedule).</summary>
    public double LearningRate
    {
        get;
        set
        {
            if (!(value > 0) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, $"{GetType().Name}: learning rate must be a positive finite number");
            field = value;
        }
    }

    /// <summary>Number of steps taken (restored from checkpoints).</summary>
    public long Steps { get; set; }

    /// <summary>The parameters with their names.</summary>
    public IReadOnlyList<(string Name, Tensor Param)> Parameters => _params;

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void Step()
    {
        Steps++;
        using var _ = GradMode.NoGrad();
        foreach (var (name, p) in _params)
        {
            if (p.Grad is null) continue;
            Apply(name, p, p.Grad.Detach());
        }
    }

    /// <summary>Updates parameter <paramref name="param"/> (named <paramref name="name"/>) in place from <paramref name="grad"/>, under no-grad.</summary>
    protected abstract void Apply(string name, Tensor param, Tensor grad);

    /// <summary>Clears every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p) in _params) p.Grad = null;
    }

    /// <summary>A state slot of a parameter, created as zeros on first use.</summary>
    protected Tensor GetState(string name, string slot, Tensor like)
    {
        var key = name + "." + slot;
        // Created during the first step, inside its buffer scope, but kept for the whole run.
        if (!_state.TryGetValue(key, out var s)) _state[key] = s = like.ZerosLike().DetachFromScope();
        return s;
    }

    /// <summary>Replaces a state slot.</summary>
    protected void SetState(string name, string slot, Tensor value)
    {
        var key = name + "." + slot;
        // The slot's previous tensor is dead once replaced: its memory goes back to the pool now.
        if (_state.TryGetValue(key, out var old) && !ReferenceEquals(old.Data.Buffer, value.Data.Buffer)) old.Dispose();
        _state[key] = value.DetachFromScope();
    }

    /// <summary>The state tensors by key ("l1.weight.exp_avg"), for checkpoints.</summary>
    public IReadOnlyDictionary<string, Tensor> State => _state;

    /// <summary>Throws <see cref="InvalidDataException"/> unless every slot of <paramref name="state"/> belongs to a parameter and has its shape and dtype.</summary>
    public void ValidateState(IReadOnlyDictionary<string, Tensor> state)
    {
        foreach (var (key, value) in state)
        {
            var owner = _params.FirstOrDefault(p => key.StartsWith(p.Name + ".", StringComparison.Ordinal));
            if (owner.Param is null)
                throw new InvalidDataException($"{GetType().Name}: state '{key}' belongs to no parameter of this optimizer");
            if (!owner.Param.Shape.SequenceEqual(value.Shape) || owner.Param.DType != value.DType)
                throw new InvalidDataException(
                    $"{GetType().Name}: state '{key}' is {value.DType.Name()} {value.ShapeString}, parameter '{owner.Name}' is {owner.Param.DType.Name()} {owner.Param.ShapeString}");
        }
    }

    /// <summary>Restores state saved by <see cref="State"/> (validated first, so a bad state leaves the optimizer as it was).</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> state, long steps)
    {
        ValidateState(state);
        _state.Clear();
        foreach (var (key, value) in state) _state[key] = value.DetachFromScope();
        Steps = steps;
    }
}
