using Engine.Nn;

namespace Engine.Gan.Models;

/// <summary>
/// The official WGAN-GP MNIST networks (gan_mnist.py, DIM = width). Critic: 5x5 stride-2 "same"
/// convs 1 -> W -> 2W -> 4W (28 -> 14 -> 7 -> 4), LeakyReLU(0.2) after each (optionally layer norm
/// first), then Linear(4*4*4W -> 1); named conv1, conv2, conv3, fc. Generator: z (128) ->
/// Linear(4*4*4W) -> ReLU -> [4W, 4, 4] -> deconv 5x5 s2 -> 2W, ReLU, crop 8x8 to 7x7 -> deconv -> W,
/// ReLU -> deconv -> 1, sigmoid; named fc, deconv1, deconv2, deconv3.
/// </summary>
public static class MnistDcgan
{
    /// <summary>Noise dimension.</summary>
    public const int NoiseDim = 128;

    /// <summary>Image side.</summary>
    public const int Side = 28;

    /// <summary>
    /// The critic on [N, 1, 28, 28] or flat [N, 784] rows (as the official code feeds it); <paramref name="layerNorm"/>
    /// adds LayerNorm([C, H, W]) after each conv.
    /// </summary>
    public static Sequential Critic(ModelOptions o, bool layerNorm = false)
    {
        var w = o.Width;
        var layers = new List<(string, Module)> { ("image", new ImageInput(1, Side, Side)) };
        void Block(int index, int cin, int cout, int side)
        {
            layers.Add(($"conv{index}", new Conv2d(cin, cout, 5, o.Rng, stride: 2, padding: 2, init: WeightInit.HeUniform,
                spectralNorm: o.SpectralNorm, dtype: o.DType, backend: o.Backend)));
            if (layerNorm) layers.Add(($"ln{index}", new LayerNorm([cout, side, side], dtype: o.DType, backend: o.Backend)));
            layers.Add(($"lrelu{index}", new LeakyRelu(0.2)));
        }
        Block(1, 1, w, 14);
        Block(2, w, 2 * w, 7);
        Block(3, 2 * w, 4 * w, 4);
        layers.Add(("flatten", new Flatten()));
        layers.Add(("fc", new Linear(4 * 4 * 4 * w, 1, o.Rng, WeightInit.GlorotUniform, spectralNorm: o.SpectralNorm, dtype: o.DType, backend: o.Backend)));
        return new Sequential([.. layers]);
    }

    /// <summary>The generator: [N, 128] noise to [N, 1, 28, 28] in (0, 1).</summary>
    public static Sequential Generator(ModelOptions o)
    {
        var w = o.Width;
        ConvTranspose2d Deconv(int cin, int cout) =>
            new(cin, cout, 5, o.Rng, stride: 2, padding: 2, outputPadding: 1, init: WeightInit.HeUniform, dtype: o.DType, backend: o.Backend);
        return new Sequential(
            ("fc", new Linear(NoiseDim, 4 * 4 * 4 * w, o.Rng, WeightInit.HeUniform, dtype: o.DType, backend: o.Backend)),
            ("relu0", new Relu()),
            ("unflatten", new Unflatten(4 * w, 4, 4)),
            ("deconv1", Deconv(4 * w, 2 * w)), ("relu1", new Relu()), ("crop", new Crop(7)),
            ("deconv2", Deconv(2 * w, w)), ("relu2", new Relu()),
            ("deconv3", Deconv(w, 1)), ("sigmoid", new Sigmoid()));
    }
}
