using System.Text.Json.Nodes;
using Engine.Gan.Classifier;
using Engine.Gan.Data.Mnist;
using Engine.Kernels.Cpu;
using Engine.Tests.Gan;
using Xunit;

namespace Engine.Tests.Classifier;

/// <summary>The classifier cache and <c>engine classifier</c> on a small synthetic digit set (no download needed).</summary>
public sealed class ClassifierCacheTests : CliHarness
{
    public ClassifierCacheTests() => TestSetup.UseCpuByDefault();

    /// <summary><paramref name="count"/> 28 x 28 images whose label is written as a bright column (label * 2 + 4), with a little noise.</summary>
    private static MnistImages Synthetic(int count, int seed)
    {
        var r = new Random(seed);
        var labels = Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();
        var pixels = new float[count * 784];
        for (var i = 0; i < count; i++)
            for (var y = 0; y < 28; y++)
                for (var x = 0; x < 28; x++)
                    pixels[i * 784 + y * 28 + x] = x == labels[i] * 2 + 4 ? 1f : (float)(r.NextDouble() * 0.1);
        return new MnistImages(pixels, labels, 28, 28, $"synthetic({seed})");
    }

    private static ClassifierOptions Quick => new(Epochs: 1, BatchSize: 16, MaxShift: 0);

    [Fact]
    public void A_cached_classifier_is_loaded_for_the_same_data_and_retrained_for_other_data()
    {
        var dir = Path.Combine(_root, "cache");
        var images = Synthetic(60, 1);
        var first = ClassifierCache.LoadOrTrain(images, dir, Quick, CpuBackend.Instance);
        Assert.True(first.Trained);
        Assert.True(File.Exists(Path.Combine(dir, ClassifierCache.WeightsFile)));
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, ClassifierCache.InfoFile)))!;
        Assert.Equal(ClassifierCache.DataHash(images), json["data_sha256"]!.GetValue<string>());
        Assert.Equal(60, json["data_count"]!.GetValue<int>());
        Assert.InRange(json["test_accuracy"]!.GetValue<double>(), 0, 1);

        var second = ClassifierCache.LoadOrTrain(images, dir, Quick, CpuBackend.Instance);
        Assert.False(second.Trained);
        var probe = images.Pixels.AsSpan(0, 5 * 784).ToArray();
        Assert.Equal(first.Classifier.Predict(probe).Probabilities, second.Classifier.Predict(probe).Probabilities);

        var other = Synthetic(60, 2);
        Assert.False(ClassifierCache.TryLoad(dir, ClassifierCache.DataHash(other), CpuBackend.Instance, out _, out var reason));
        Assert.Contains("other data", reason);
        Assert.True(ClassifierCache.LoadOrTrain(other, dir, Quick, CpuBackend.Instance).Trained);
    }

    [Fact]
    public void Classifier_command_trains_caches_and_then_reuses()
    {
        var data = Path.Combine(_root, "digits");
        Directory.CreateDirectory(data);
        var images = Synthetic(40, 3);
        for (var digit = 0; digit < 10; digit++)
        {
            var rows = Enumerable.Range(0, images.Count).Where(i => images.Labels[i] == digit)
                .SelectMany(i => images.Pixels.Skip(i * 784).Take(784)).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            File.WriteAllText(Path.Combine(data, $"{digit}.json"), $"{{\"data\":[{string.Join(",", rows)}]}}");
        }
        var cache = Path.Combine(_root, "clf");
        var (code, output, error) = Run("classifier", "--data-dir", _root, "--out", cache, "--epochs", "1", "--batch", "8");
        Assert.True(code == 0, error + output);
        Assert.Contains("trained in", output);
        Assert.True(File.Exists(Path.Combine(cache, "classifier.json")));
        (code, output, error) = Run("classifier", "--data-dir", _root, "--out", cache, "--epochs", "1");
        Assert.True(code == 0, error + output);
        Assert.Contains("loaded from the cache", output);

        (code, _, error) = Run("classifier", "--data-dir", Path.Combine(_root, "nothing"), "--out", cache);
        Assert.Equal(2, code);
        Assert.Contains("fetch-mnist.sh", error);
        (code, _, error) = Run("classifier", "--data-dir", _root, "--out", cache, "--epochs", "0");
        Assert.Equal(2, code);
        Assert.Contains("epochs", error);
    }
}
