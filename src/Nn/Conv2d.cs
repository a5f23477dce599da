using Engine.Autodiff;
using Engine.Tensors;

namespace Engine.Nn;

/// <summary>2-D convolution, weight [out, in, kh, kw] and bias [out] (PyTorch's Conv2d), optional spectral norm.</summary>
public sealed class Conv2d : Module, IActivationFusing
{
    private readonly SpectralNormalizer? _spectral;

    /// <summary>Creates the layer; <paramref name="padding"/> of -1 means "same"-style padding (kernel / 2).</summary>
    public Conv2d(int inChannels, int outChannels, int kernel, RandomStream rng, int stride = 1, int padding = -1,
        WeightInit init = WeightInit.PyTorchDefault, bool spectralNorm = false, DType dtype = DType.Float32, IBackend? backend = null)
    {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1)
            throw new ArgumentException($"Conv2d: channels, kernel and stride must be positive (in {inChannels}, out {outChannels}, kernel {kernel}, stride {stride})");
        var pad = padding < 0 ? kernel / 2 : padding;
        Geometry = new Conv2dGeometry(stride, stride, pad, pad, 1, 1);
        Weight = RegisterParameter(spectralNorm ? "weight_orig" : "weight", Init.Weight([outChannels, inChannels, kernel, kernel], init, rng, dtype, backend));
        Bias = RegisterParameter("bias", Init.Zeros([outChannels], dtype, backend));
        if (spectralNorm) _spectral = RegisterSpectralNorm(Weight, rng);
    }

    /// <summary>Stride, padding, dilation.</summary>
    public Conv2dGeometry Geometry { get; }

    /// <summary>The weight [out, in, kh, kw].</summary>
    public Tensor Weight { get; }

    /// <summary>The bias [out].</summary>
    public Tensor Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => Apply(x, null);

    /// <inheritdoc />
    public Tensor Forward(Tensor x, UnaryOp activation) => Apply(x, activation);

    private Tensor Apply(Tensor x, UnaryOp? activation)
    {
        var w = _spectral is null ? Weight : _spectral.Apply(Weight, update: Training && GradMode.IsEnabled);
        return x.Conv2d(w, Bias, Geometry, activation);
    }
}
