using Engine.Nn;

namespace Engine.Gan.Models;

/// <summary>
/// The official WGAN-GP toy networks (gan_toy.py): Linear(2 -> W)-ReLU x3 then Linear(W -> 1) for the
/// critic or Linear(W -> 2) for the generator; hidden layers He-uniform, output Glorot-uniform,
/// zero biases. Layers are named l1, l2, l3, out.
/// </summary>
public static class ToyMlp
{
    /// <summary>Dimension of the data and of the generator's noise.</summary>
    public const int DataDim = 2;

    /// <summary>The critic D: R^2 -> R.</summary>
    public static Sequential Critic(ModelOptions o) => Build(o, DataDim, 1, o.SpectralNorm);

    /// <summary>The generator G: R^2 (noise) -> R^2.</summary>
    public static Sequential Generator(ModelOptions o) => Build(o, DataDim, DataDim, spectralNorm: false);

    private static Sequential Build(ModelOptions o, int inDim, int outDim, bool spectralNorm)
    {
        Linear Hidden(int i) => new(i, o.Width, o.Rng, WeightInit.HeUniform, spectralNorm: spectralNorm, dtype: o.DType, backend: o.Backend);
        return new Sequential(
            ("l1", Hidden(inDim)), ("relu1", new Relu()),
            ("l2", Hidden(o.Width)), ("relu2", new Relu()),
            ("l3", Hidden(o.Width)), ("relu3", new Relu()),
            ("out", new Linear(o.Width, outDim, o.Rng, WeightInit.GlorotUniform, spectralNorm: spectralNorm, dtype: o.DType, backend: o.Backend)));
    }
}
