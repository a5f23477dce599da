using Engine.Autodiff;
using Engine.Tensors;

namespace Engine.Nn;

/// <summary>Transposed 2-D convolution, weight [in, out, kh, kw] and bias [out] (PyTorch's ConvTranspose2d).</summary>
public sealed class ConvTranspose2d : Module
{
    private readonly int _outputPadding;

    /// <summary>Creates the layer; output size (H - 1) stride - 2 padding + kernel + outputPadding.</summary>
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, RandomStream rng, int stride = 1, int padding = 0, int outputPadding = 0,
        WeightInit init = WeightInit.PyTorchDefault, DType dtype = DType.Float32, IBackend? backend = null)
    {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1)
            throw new ArgumentException($"ConvTranspose2d: channels, kernel and stride must be positive (in {inChannels}, out {outChannels}, kernel {kernel}, stride {stride})");
        Geometry = new Conv2dGeometry(stride, stride, padding, padding, 1, 1);
        _outputPadding = outputPadding;
        Weight = RegisterParameter("weight", Init.Weight([inChannels, outChannels, kernel, kernel], init, rng, dtype, backend, transposed: true));
        Bias = RegisterParameter("bias", Init.Zeros([outChannels], dtype, backend));
    }

    /// <summary>Stride, padding, dilation.</summary>
    public Conv2dGeometry Geometry { get; }

    /// <summary>The weight [in, out, kh, kw].</summary>
    public Tensor Weight { get; }

    /// <summary>The bias [out].</summary>
    public Tensor Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.ConvTranspose2d(Weight, Bias, Geometry, _outputPadding, _outputPadding);
}
