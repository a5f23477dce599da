using System.Diagnostics;
using Engine.Autodiff;
using Engine.Gan.Data;
using Engine.Gan.Data.Mnist;
using Engine.Optim;
using Engine.Tensors;

namespace Engine.Gan.Classifier;

/// <summary>How the digit classifier is trained.</summary>
/// <param name="Epochs">Passes over the training split.</param>
/// <param name="BatchSize">Images per Adam step.</param>
/// <param name="LearningRate">Adam's initial step size (betas 0.9, 0.999), decayed along a cosine to a hundredth of it.</param>
/// <param name="Seed">Seed of the split, the initial weights and the batch order.</param>
/// <param name="TestFraction">Share of the images held out for the test accuracy.</param>
/// <param name="MaxShift">Training images are shifted by a random whole number of pixels in [-MaxShift, MaxShift] along each axis (augmentation; 0: off).</param>
public sealed record ClassifierOptions(int Epochs = 10, int BatchSize = 64, double LearningRate = 1e-3, ulong Seed = 1, double TestFraction = 0.1, int MaxShift = 2)
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"classifier: epochs must be >= 1, got {Epochs}");
        if (BatchSize < 1) throw new ArgumentException($"classifier: batch must be >= 1, got {BatchSize}");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"classifier: lr must be a positive finite number, got {LearningRate}");
        if (MaxShift is < 0 or >= DigitClassifier.Side) throw new ArgumentException($"classifier: shift must lie in [0, {DigitClassifier.Side - 1}], got {MaxShift}");
        if (!(TestFraction > 0 && TestFraction < 1)) throw new ArgumentException($"classifier: test fraction must lie in (0, 1), got {TestFraction}");
    }
}

/// <summary>Where training stands: after <paramref name="Step"/> of <paramref name="Steps"/> Adam steps, in epoch <paramref name="Epoch"/> (1-based), with the batch's loss.</summary>
public sealed record ClassifierProgress(int Epoch, int Epochs, int Step, int Steps, double Loss);

/// <summary>What training measured.</summary>
/// <param name="TestAccuracy">Share of the held-out images classified correctly.</param>
/// <param name="TrainCount">Images trained on.</param>
/// <param name="TestCount">Images held out.</param>
/// <param name="Seconds">Wall time of training and testing.</param>
public sealed record ClassifierReport(double TestAccuracy, int TrainCount, int TestCount, double Seconds);

/// <summary>
/// Trains <see cref="DigitClassifier"/> with Adam on softmax cross-entropy: the images are split by a
/// seeded shuffle into a training part and a held-out test part, the training part is reshuffled
/// every epoch and its images randomly shifted by a pixel or two, and the test accuracy is measured at the end.
/// </summary>
public static class ClassifierTraining
{
    /// <summary>Trains a fresh classifier on <paramref name="images"/>; <paramref name="progress"/> is called after every step.</summary>
    public static (DigitClassifier Classifier, ClassifierReport Report) Train(MnistImages images, ClassifierOptions options, IBackend backend,
        Action<ClassifierProgress>? progress = null, CancellationToken cancel = default)
    {
        options.Validate();
        if (images.Height != DigitClassifier.Side || images.Width != DigitClassifier.Side)
            throw new ArgumentException($"classifier: {images.Source} holds {images.Height} x {images.Width} images, expected {DigitClassifier.Side} x {DigitClassifier.Side}");
        var testCount = (int)Math.Round(images.Count * options.TestFraction);
        if (testCount < 1 || testCount >= images.Count)
            throw new ArgumentException($"classifier: {images.Count} images cannot be split into a training and a test part of {options.TestFraction:P0}");
        var clock = Stopwatch.StartNew();
        var order = Permutation(images.Count, new RandomStream(Stream(options.Seed, 1)));
        var test = order[..testCount];
        var train = order[testCount..];

        var classifier = new DigitClassifier(new RandomStream(Stream(options.Seed, 2)), backend: backend);
        var parameters = classifier.Parameters();
        var adam = new Adam(classifier.NamedParameters(), options.LearningRate, 0.9, 0.999);
        var batchRng = new RandomStream(Stream(options.Seed, 3));
        var perEpoch = (train.Length + options.BatchSize - 1) / options.BatchSize;
        var step = 0;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            Shuffle(train, batchRng);
            for (var start = 0; start < train.Length; start += options.BatchSize)
            {
                cancel.ThrowIfCancellationRequested();
                using var scope = BufferScope.Begin();
                // Cosine decay from lr to lr / 100 over the run.
                adam.LearningRate = options.LearningRate * (0.01 + 0.99 * 0.5 * (1 + Math.Cos(Math.PI * step / (options.Epochs * perEpoch))));
                var batch = train.AsSpan(start, Math.Min(options.BatchSize, train.Length - start));
                var (x, labels) = Gather(images, batch, options.MaxShift, batchRng, backend);
                var logits = classifier.Forward(x);
                var loss = CrossEntropy.Loss(logits, CrossEntropy.OneHot(labels, DigitClassifier.Classes, logits));
                var grads = Autograd.Grad([loss], parameters);
                for (var i = 0; i < parameters.Length; i++) parameters[i].Grad = grads[i];
                adam.Step();
                adam.ZeroGrad();
                progress?.Invoke(new ClassifierProgress(epoch, options.Epochs, ++step, options.Epochs * perEpoch, loss.Item()));
            }
        }
        var accuracy = Accuracy(classifier, images, test);
        return (classifier, new ClassifierReport(accuracy, train.Length, test.Length, clock.Elapsed.TotalSeconds));
    }

    /// <summary>Share of the images at <paramref name="indices"/> whose most probable class is their label.</summary>
    public static double Accuracy(DigitClassifier classifier, MnistImages images, int[] indices)
    {
        const int size = DigitClassifier.Side * DigitClassifier.Side;
        var pixels = new float[indices.Length * size];
        for (var i = 0; i < indices.Length; i++) images.Pixels.AsSpan(indices[i] * size, size).CopyTo(pixels.AsSpan(i * size));
        var (p, _) = classifier.Predict(pixels);
        var correct = 0;
        for (var i = 0; i < indices.Length; i++)
            if (ArgMax(p.AsSpan(i * DigitClassifier.Classes, DigitClassifier.Classes)) == images.Labels[indices[i]]) correct++;
        return (double)correct / indices.Length;
    }

    /// <summary>Index of the largest value (the first one on ties).</summary>
    public static int ArgMax(ReadOnlySpan<double> values)
    {
        var best = 0;
        for (var k = 1; k < values.Length; k++) if (values[k] > values[best]) best = k;
        return best;
    }

    /// <summary>The batch's images, each shifted by up to <see cref="ClassifierOptions.MaxShift"/> pixels along each axis (zeros fill in), and their labels.</summary>
    private static (Tensor Images, byte[] Labels) Gather(MnistImages images, ReadOnlySpan<int> batch, int maxShift, RandomStream rng, IBackend backend)
    {
        const int side = DigitClassifier.Side, size = side * side;
        var pixels = new float[batch.Length * size];
        var labels = new byte[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            var source = images.Pixels.AsSpan(batch[i] * size, size);
            int dy = rng.Index(2 * maxShift + 1) - maxShift, dx = rng.Index(2 * maxShift + 1) - maxShift;
            for (var y = Math.Max(0, dy); y < Math.Min(side, side + dy); y++)
                for (var x = Math.Max(0, dx); x < Math.Min(side, side + dx); x++)
                    pixels[i * size + y * side + x] = source[(y - dy) * side + x - dx];
            labels[i] = images.Labels[batch[i]];
        }
        return (Tensor.FromArray(pixels, [batch.Length, 1, DigitClassifier.Side, DigitClassifier.Side], backend: backend), labels);
    }

    private static int[] Permutation(int n, RandomStream rng)
    {
        var order = Enumerable.Range(0, n).ToArray();
        Shuffle(order, rng);
        return order;
    }

    private static void Shuffle(int[] values, RandomStream rng)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = rng.Index(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong Stream(ulong seed, int index) => CounterRng.Mix(CounterRng.Mix(seed) ^ (ulong)index);
}
