using Engine.Autodiff;
using Engine.Tensors;

namespace Engine.Nn;

/// <summary>
/// y = x W^T + b with PyTorch's layout (weight [out, in], bias [out]). With spectral norm the
/// parameter is named <c>weight_orig</c> and buffers <c>weight_u</c>, <c>weight_v</c> hold the power
/// iteration, as torch.nn.utils.spectral_norm names them.
/// </summary>
public sealed class Linear : Module, IActivationFusing
{
    private readonly SpectralNormalizer? _spectral;

    /// <summary>Creates the layer with the given weight init and a zero bias.</summary>
    public Linear(int inFeatures, int outFeatures, RandomStream rng, WeightInit init = WeightInit.PyTorchDefault,
        bool bias = true, bool spectralNorm = false, DType dtype = DType.Float32, IBackend? backend = null)
    {
        if (inFeatures < 1 || outFeatures < 1)
            throw new ArgumentException($"Linear: features must be positive (in {inFeatures}, out {outFeatures})");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter(spectralNorm ? "weight_orig" : "weight", Init.Weight([outFeatures, inFeatures], init, rng, dtype, backend));
        if (bias) Bias = RegisterParameter("bias", Init.Zeros([outFeatures], dtype, backend));
        if (spectralNorm) _spectral = RegisterSpectralNorm(Weight, rng);
    }

    /// <summary>Input width.</summary>
    public int InFeatures { get; }

    /// <summary>Output width.</summary>
    public int OutFeatures { get; }

    /// <summary>The weight [out, in] (before spectral normalisation, when enabled).</summary>
    public Tensor Weight { get; }

    /// <summary>The bias [out], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>The spectral normaliser, when enabled.</summary>
    public SpectralNormalizer? Spectral => _spectral;

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => Apply(x, null);

    /// <inheritdoc />
    public Tensor Forward(Tensor x, UnaryOp activation) => Apply(x, activation);

    private Tensor Apply(Tensor x, UnaryOp? activation)
    {
        var w = _spectral is null ? Weight : _spectral.Apply(Weight, update: Training && GradMode.IsEnabled);
        return x.Linear(w, Bias, activation);
    }
}
