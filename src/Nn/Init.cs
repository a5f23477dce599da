using Engine.Autodiff;
using Engine.Tensors;

namespace Engine.Nn;

/// <summary>How a layer's weight is initialised.</summary>
public enum WeightInit
{
    /// <summary>He-uniform U(+-sqrt(6 / fan_in)): hidden layers followed by ReLU (the official WGAN-GP code's 'he').</summary>
    HeUniform,

    /// <summary>Glorot-uniform U(+-sqrt(6 / (fan_in + fan_out))): output layers (the official code's default).</summary>
    GlorotUniform,

    /// <summary>PyTorch's default for Linear/Conv: U(+-1 / sqrt(fan_in)).</summary>
    PyTorchDefault,
}

/// <summary>Creates initial parameter values.</summary>
public static class Init
{
    /// <summary>
    /// A weight of <paramref name="shape"/> drawn by <paramref name="init"/>; fan-in and fan-out are
    /// computed as PyTorch does (dim 1 resp. dim 0 times the receptive field).
    /// </summary>
    public static Tensor Weight(int[] shape, WeightInit init, RandomStream rng, DType dtype, IBackend? backend = null, bool transposed = false)
    {
        var receptive = shape.Skip(2).Aggregate(1, (a, b) => a * b);
        int fanIn = shape[1] * receptive, fanOut = shape[0] * receptive;
        if (transposed) (fanIn, fanOut) = (fanOut, fanIn);
        var bound = init switch
        {
            WeightInit.HeUniform => Math.Sqrt(6.0 / fanIn),
            WeightInit.GlorotUniform => Math.Sqrt(6.0 / (fanIn + fanOut)),
            _ => 1.0 / Math.Sqrt(fanIn),
        };
        return Tensor.Uniform(rng, shape, -bound, bound, dtype, backend: backend);
    }

    /// <summary>Zeros (the official code's bias init).</summary>
    public static Tensor Zeros(int[] shape, DType dtype, IBackend? backend = null) => Tensor.Zeros(shape, dtype, backend: backend);
}
