using Engine.Autodiff;

namespace Engine.Nn;

/// <summary>
/// A layer or a network: a function of one tensor with named parameters and buffers. Names
/// follow PyTorch's <c>state_dict</c> ("l1.weight", "conv2.bias"), so weights move between this
/// engine and PyTorch unchanged.
/// </summary>
public abstract class Module
{
    private readonly List<(string Name, Tensor Value)> _parameters = [];
    private readonly List<(string Name, Tensor Value)> _buffers = [];
    private readonly List<(string Name, Module Value)> _children = [];

    /// <summary>Applies the module.</summary>
    public abstract Tensor Forward(Tensor x);

    /// <summary>Whether the module is training (spectral norm updates its power iteration only then).</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Sets training mode on this module and all children; returns this.</summary>
    public Module Train(bool training = true)
    {
        Training = training;
        foreach (var (_, child) in _children) child.Train(training);
        return this;
    }

    /// <summary>Registers a trainable parameter (a leaf that requires grad) under <paramref name="name"/>.</summary>
    protected Tensor RegisterParameter(string name, Tensor value)
    {
        CheckName(name);
        value.RequiresGrad = true;
        // Parameters outlive every step's buffer scope (a module may be built inside one).
        value.DetachFromScope();
        _parameters.Add((name, value));
        return value;
    }

    /// <summary>Registers a non-trainable state tensor (saved in checkpoints, never updated by optimizers).</summary>
    protected Tensor RegisterBuffer(string name, Tensor value)
    {
        CheckName(name);
        value.DetachFromScope();
        _buffers.Add((name, value));
        return value;
    }

    /// <summary>
    /// Spectral normalisation of <paramref name="weight"/> (registered as "weight_orig"): creates the
    /// power iteration's vectors and registers them as the buffers "weight_u" and "weight_v", as
    /// torch.nn.utils.spectral_norm names them.
    /// </summary>
    protected SpectralNormalizer RegisterSpectralNorm(Tensor weight, Engine.Tensors.RandomStream rng)
    {
        var normalizer = new SpectralNormalizer(weight.Shape, rng, weight.DType, weight.Backend);
        RegisterBuffer("weight_u", normalizer.U);
        RegisterBuffer("weight_v", normalizer.V);
        return normalizer;
    }

    /// <summary>Registers a child module whose names are prefixed with <paramref name="name"/> and a dot.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        _children.Add((name, module));
        return module;
    }

    /// <summary>Direct children with their names.</summary>
    public IEnumerable<(string Name, Module Module)> Children() => _children;

    /// <summary>Every parameter of this module and its children, with full dotted names, in registration order.</summary>
    public IEnumerable<(string Name, Tensor Value)> NamedParameters(string prefix = "")
    {
        foreach (var (name, p) in _parameters) yield return (prefix + name, p);
        foreach (var (name, child) in _children)
            foreach (var item in child.NamedParameters(prefix + name + ".")) yield return item;
    }

    /// <summary>Every buffer of this module and its children, with full dotted names.</summary>
    public IEnumerable<(string Name, Tensor Value)> NamedBuffers(string prefix = "")
    {
        foreach (var (name, b) in _buffers) yield return (prefix + name, b);
        foreach (var (name, child) in _children)
            foreach (var item in child.NamedBuffers(prefix + name + ".")) yield return item;
    }

    /// <summary>Every module in the tree (this one first), with dotted names.</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules(string prefix = "")
    {
        yield return (prefix.TrimEnd('.'), this);
        foreach (var (name, child) in _children)
            foreach (var item in child.NamedModules(prefix + name + ".")) yield return item;
    }

    /// <summary>The trainable parameters.</summary>
    public Tensor[] Parameters() => NamedParameters().Select(p => p.Value).ToArray();

    /// <summary>Parameters then buffers, by name: what a checkpoint holds (PyTorch's state_dict).</summary>
    public IReadOnlyList<(string Name, Tensor Value)> StateDict() => [.. NamedParameters(), .. NamedBuffers()];

    /// <summary>Number of trainable scalars.</summary>
    public long ParameterCount() => Parameters().Sum(p => (long)p.Numel);

    /// <summary>Clears <see cref="Tensor.Grad"/> of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.Grad = null;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"{GetType().Name}: invalid name '{name}' (non-empty, no dots)");
        if (_parameters.Any(p => p.Name == name) || _buffers.Any(b => b.Name == name) || _children.Any(c => c.Name == name))
            throw new ArgumentException($"{GetType().Name}: name '{name}' registered twice");
    }
}
