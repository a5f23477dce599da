using Engine.Autodiff;

namespace Engine.Nn;

/// <summary>Applies named children in order; parameter names are "child.param" (e.g. "l1.weight").</summary>
public sealed class Sequential : Module
{
    private readonly List<Module> _layers = [];

    /// <summary>Creates the chain from (name, module) pairs.</summary>
    public Sequential(params (string Name, Module Module)[] layers)
    {
        foreach (var (name, module) in layers) _layers.Add(RegisterModule(name, module));
    }

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<Module> Layers => _layers;

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        foreach (var layer in _layers) x = layer.Forward(x);
        return x;
    }
}
