using Engine.Autodiff;
using Engine.Nn;
using Engine.Tensors;

namespace Engine.Gan.Figures;

/// <summary>
/// The deep networks of the paper's section 3.2: an MLP of <c>layers</c> Linear layers (l1 ... lN) with ReLU between them
/// and no normalisation; hidden layers He-uniform and the output layer Glorot-uniform with zero biases, as the official
/// toy code initialises its layers.
/// </summary>
public static class DeepReluMlp
{
    /// <summary>Builds the MLP R^inDim -> R^outDim with hidden width <paramref name="width"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 layers or a non-positive width.</exception>
    public static Sequential Create(int inDim, int outDim, int width, int layers, RandomStream rng, DType dtype, IBackend backend)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var modules = new List<(string, Module)>();
        for (var i = 1; i <= layers; i++)
        {
            var last = i == layers;
            modules.Add(($"l{i}", new Linear(i == 1 ? inDim : width, last ? outDim : width, rng,
                last ? WeightInit.GlorotUniform : WeightInit.HeUniform, dtype: dtype, backend: backend)));
            if (!last) modules.Add(($"relu{i}", new Relu()));
        }
        return new Sequential([.. modules]);
    }

    /// <summary>The Linear layers in order.</summary>
    public static Linear[] LinearLayers(Sequential mlp) => mlp.Layers.OfType<Linear>().ToArray();

    /// <summary>
    /// Runs <paramref name="mlp"/> on <paramref name="x"/> and returns its output with the input of every Linear layer:
    /// entry 0 is <paramref name="x"/> itself, entry k the activation after layer k's ReLU.
    /// </summary>
    public static (Tensor Output, Tensor[] LayerInputs) ForwardRecording(Sequential mlp, Tensor x)
    {
        var inputs = new List<Tensor>();
        foreach (var layer in mlp.Layers)
        {
            if (layer is Linear) inputs.Add(x);
            x = layer.Forward(x);
        }
        return (x, [.. inputs]);
    }
}
