using Engine.Autodiff;
using Engine.Nn;
using Engine.Tensors;

namespace Engine.Gan.Classifier;

/// <summary>
/// A small CNN digit classifier on [N, 1, 28, 28] images in [0, 1], trained by this engine and used
/// to judge generated digits: conv1 1 -> 16 (5x5, stride 2, 28 -> 14), ReLU, conv2 16 -> 32 (5x5,
/// stride 2, 14 -> 7), ReLU, fc1 32*7*7 -> 128, ReLU (the penultimate features), fc2 128 -> 10
/// (logits). Parameter names follow PyTorch's state_dict: conv1, conv2, fc1, fc2.
/// </summary>
public sealed class DigitClassifier : Module
{
    /// <summary>Image side.</summary>
    public const int Side = 28;

    /// <summary>Number of classes.</summary>
    public const int Classes = 10;

    /// <summary>Width of the penultimate features.</summary>
    public const int FeatureDim = 128;

    /// <summary>Names the layout; a cached classifier with another one is retrained.</summary>
    public const string Architecture = "conv16s2-conv32s2-fc128-fc10";

    private readonly Conv2d _conv1, _conv2;
    private readonly Linear _fc1, _fc2;

    /// <summary>Builds the network with He-uniform hidden layers, a Glorot-uniform output layer and zero biases.</summary>
    public DigitClassifier(RandomStream rng, DType dtype = DType.Float32, IBackend? backend = null)
    {
        _conv1 = RegisterModule("conv1", new Conv2d(1, 16, 5, rng, stride: 2, padding: 2, init: WeightInit.HeUniform, dtype: dtype, backend: backend));
        _conv2 = RegisterModule("conv2", new Conv2d(16, 32, 5, rng, stride: 2, padding: 2, init: WeightInit.HeUniform, dtype: dtype, backend: backend));
        _fc1 = RegisterModule("fc1", new Linear(32 * 7 * 7, FeatureDim, rng, WeightInit.HeUniform, dtype: dtype, backend: backend));
        _fc2 = RegisterModule("fc2", new Linear(FeatureDim, Classes, rng, WeightInit.GlorotUniform, dtype: dtype, backend: backend));
    }

    /// <summary>The penultimate features [N, 128] (after fc1's ReLU).</summary>
    public Tensor Features(Tensor images)
    {
        if (images.Rank != 4 || images.Shape[1] != 1 || images.Shape[2] != Side || images.Shape[3] != Side)
            throw new ShapeMismatchException($"digit classifier: input {images.ShapeString}, expected [N, 1, {Side}, {Side}]");
        var h = _conv2.Forward(_conv1.Forward(images).Relu()).Relu();
        return _fc1.Forward(h.Flatten(1)).Relu();
    }

    /// <summary>Logits [N, 10] from penultimate features.</summary>
    public Tensor Logits(Tensor features) => _fc2.Forward(features);

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => Logits(Features(x));

    /// <summary>
    /// Class probabilities [N, 10] and penultimate features [N, 128] of <paramref name="images"/>
    /// (row-major [N, 1, 28, 28] on the host), without a graph, in chunks of <paramref name="chunk"/> images.
    /// </summary>
    public (double[] Probabilities, double[] Features) Predict(float[] images, int chunk = 500)
    {
        const int size = Side * Side;
        if (images.Length % size != 0)
            throw new ArgumentException($"digit classifier: {images.Length} pixels are not a whole number of {Side} x {Side} images");
        var n = images.Length / size;
        var probabilities = new double[n * Classes];
        var features = new double[n * FeatureDim];
        var weight = _fc2.Weight;
        using var _ = GradMode.NoGrad();
        for (var start = 0; start < n; start += chunk)
        {
            using var scope = BufferScope.Begin();
            var count = Math.Min(chunk, n - start);
            var x = Tensor.FromArray(images.AsSpan(start * size, count * size).ToArray(), [count, 1, Side, Side], backend: weight.Backend);
            if (x.DType != weight.DType) x = x.To(weight.DType);
            var f = Features(x);
            f.ToDoubleArray().CopyTo(features, start * FeatureDim);
            CrossEntropy.Softmax(Logits(f)).ToDoubleArray().CopyTo(probabilities, start * Classes);
        }
        return (probabilities, features);
    }
}
