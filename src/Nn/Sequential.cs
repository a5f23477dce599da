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

    /// <summary>
    /// Runs the layers in order; a Linear or Conv2d followed by a Relu or LeakyRelu runs as one fused
    /// op (the same values, one array fewer).
    /// </summary>
    public override Tensor Forward(Tensor x)
    {
        for (var i = 0; i < _layers.Count; i++)
        {
            if (_layers[i] is IActivationFusing fusing && i + 1 < _layers.Count && _layers[i + 1] is IFusableActivation act)
            {
                x = fusing.Forward(x, act.Op);
                i++;  // the activation ran inside the layer's op
            }
            else x = _layers[i].Forward(x);
        }
        return x;
    }
}
