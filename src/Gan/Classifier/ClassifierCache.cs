using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Engine.Autodiff;
using Engine.Gan.Data.Mnist;
using Engine.Tensors;
using Engine.Tensors.Formats;

namespace Engine.Gan.Classifier;

/// <summary>What classifier.json records beside the cached weights.</summary>
/// <param name="Architecture">The network's layout (<see cref="DigitClassifier.Architecture"/>).</param>
/// <param name="DataSha256">SHA-256 of the training images (size, pixels as float32, labels): a cache for other data is stale.</param>
/// <param name="DataCount">Number of images in the data.</param>
/// <param name="DataSource">Where the data was read from.</param>
/// <param name="TestAccuracy">Accuracy on the held-out split.</param>
/// <param name="TrainCount">Images trained on.</param>
/// <param name="TestCount">Images held out.</param>
/// <param name="Options">How it was trained.</param>
/// <param name="RealFrechetDistance">The Frechet distance between two disjoint random sets of real digits (up to 2,000 each): the floor a generator can reach at that sample size.</param>
/// <param name="Seconds">Training wall time.</param>
/// <param name="CreatedUtc">When it was trained.</param>
public sealed record ClassifierInfo(string Architecture, string DataSha256, int DataCount, string DataSource, double TestAccuracy,
    int TrainCount, int TestCount, ClassifierOptions Options, double RealFrechetDistance, double Seconds, string CreatedUtc);

/// <summary>A classifier ready for use, with its record and whether it was just trained (else loaded from the cache).</summary>
public sealed record CachedClassifier(DigitClassifier Classifier, ClassifierInfo Info, bool Trained);

/// <summary>
/// The trained digit classifier kept in a folder (default <c>runs/classifier</c>): the weights as
/// <c>classifier.safetensors</c> (names conv1, conv2, fc1, fc2 as in PyTorch) and <c>classifier.json</c>
/// with the test accuracy and a hash of the training data. A cache whose architecture or data hash
/// differs from the current ones is stale and is trained again.
/// </summary>
public static class ClassifierCache
{
    /// <summary>The default cache folder.</summary>
    public const string DefaultDirectory = "runs/classifier";

    /// <summary>File name of the weights.</summary>
    public const string WeightsFile = "classifier.safetensors";

    /// <summary>File name of the record.</summary>
    public const string InfoFile = "classifier.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// The cached classifier for <paramref name="images"/> from <paramref name="directory"/>, or (when
    /// there is none, it is stale, or <paramref name="retrain"/>) a freshly trained one, which is then cached.
    /// </summary>
    public static CachedClassifier LoadOrTrain(MnistImages images, string directory, ClassifierOptions options, IBackend backend,
        Action<ClassifierProgress>? progress = null, bool retrain = false, CancellationToken cancel = default)
    {
        var hash = DataHash(images);
        if (!retrain && TryLoad(directory, hash, backend, out var cached, out _)) return cached!;
        var (classifier, report) = ClassifierTraining.Train(images, options, backend, progress, cancel);
        var info = new ClassifierInfo(DigitClassifier.Architecture, hash, images.Count, images.Source, report.TestAccuracy,
            report.TrainCount, report.TestCount, options, RealFloor(classifier, images, options.Seed), Math.Round(report.Seconds, 3), DateTime.UtcNow.ToString("O"));
        Save(directory, classifier, info);
        return new CachedClassifier(classifier, info, Trained: true);
    }

    /// <summary>
    /// Loads the cache in <paramref name="directory"/> when it exists and matches <paramref name="dataHash"/> and the
    /// architecture; otherwise returns false with the <paramref name="reason"/> (missing, stale, unreadable).
    /// </summary>
    public static bool TryLoad(string directory, string dataHash, IBackend backend, out CachedClassifier? cached, out string reason)
    {
        cached = null;
        string weights = Path.Combine(directory, WeightsFile), infoPath = Path.Combine(directory, InfoFile);
        if (!File.Exists(weights) || !File.Exists(infoPath)) { reason = $"no {WeightsFile} and {InfoFile} in '{directory}'"; return false; }
        ClassifierInfo? info;
        try { info = JsonSerializer.Deserialize<ClassifierInfo>(File.ReadAllText(infoPath), Json); }
        catch (JsonException e) { reason = $"'{infoPath}' is not valid: {e.Message}"; return false; }
        if (info is null || info.Architecture != DigitClassifier.Architecture) { reason = $"'{infoPath}' is for another architecture"; return false; }
        if (info.DataSha256 != dataHash) { reason = $"'{infoPath}' was trained on other data (SHA-256 {Prefix(info.DataSha256)}..., now {Prefix(dataHash)}...)"; return false; }
        try { cached = new CachedClassifier(LoadWeights(weights, backend), info, Trained: false); }
        catch (Exception e) when (e is InvalidDataException or Engine.Tensors.Formats.MalformedFileException or KeyNotFoundException or IOException) { reason = e.Message; return false; }
        reason = "";
        return true;
    }

    private static string Prefix(string? hash) => hash is null ? "none" : hash.Length <= 12 ? hash : hash[..12];

    /// <summary>Writes the weights and the record (each atomically), creating the folder.</summary>
    public static void Save(string directory, DigitClassifier classifier, ClassifierInfo info)
    {
        Directory.CreateDirectory(directory);
        SafeTensors.Save(Path.Combine(directory, WeightsFile), classifier.StateDict().Select(p => HostTensor.FromNDArray(p.Name, p.Value.Data)),
            new Dictionary<string, string> { ["architecture"] = info.Architecture, ["data_sha256"] = info.DataSha256 });
        AtomicFile.WriteAllBytes(Path.Combine(directory, InfoFile), JsonSerializer.SerializeToUtf8Bytes(info, Json));
    }

    /// <summary>A classifier with every parameter read from the safetensors file at <paramref name="path"/> (names and shapes checked).</summary>
    public static DigitClassifier LoadWeights(string path, IBackend backend)
    {
        var file = SafeTensors.Load(path);
        var classifier = new DigitClassifier(new RandomStream(0), backend: backend);
        var expected = classifier.StateDict().Select(p => p.Name).ToHashSet();
        var unknown = file.Names.Where(n => !expected.Contains(n)).ToArray();
        if (unknown.Length > 0)
            throw new InvalidDataException($"classifier: '{path}' holds tensors the classifier does not have: {string.Join(", ", unknown)}; expected: {string.Join(", ", expected)}");
        foreach (var (name, p) in classifier.StateDict())
        {
            var h = file.Get(name);
            if (!Shape.Equal(h.Shape, p.Shape))
                throw new InvalidDataException($"classifier: '{path}': '{name}' is {Shape.Format(h.Shape)}, expected {p.ShapeString}");
            var value = new Tensor(h.ToNDArray(backend));
            backend.Copy(value.To(p.DType).Data, p.Data);
        }
        return classifier;
    }

    /// <summary>The Frechet distance between two disjoint random sets of real images (half the data each, at most 2,000).</summary>
    public static double RealFloor(DigitClassifier classifier, MnistImages images, ulong seed)
    {
        var count = Math.Min(Training.Evaluation.DigitSampleCount, images.Count / 2);
        if (count < 2) return double.NaN;
        const int size = DigitClassifier.Side * DigitClassifier.Side;
        var order = Enumerable.Range(0, images.Count).ToArray();
        new Random((int)(seed % int.MaxValue)).Shuffle(order);
        float[] Take(int from)
        {
            var pixels = new float[count * size];
            for (var i = 0; i < count; i++) images.Pixels.AsSpan(order[from + i] * size, size).CopyTo(pixels.AsSpan(i * size));
            return pixels;
        }
        var (_, a) = classifier.Predict(Take(0));
        var (_, b) = classifier.Predict(Take(count));
        return Metrics.FrechetDistance.FromFeatures(a, b, DigitClassifier.FeatureDim);
    }

    /// <summary>SHA-256 (hex) of the image size, the pixels as little-endian float32 and the labels.</summary>
    public static string DataHash(MnistImages images)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(BitConverter.GetBytes(images.Height));
        sha.AppendData(BitConverter.GetBytes(images.Width));
        sha.AppendData(MemoryMarshal.AsBytes(images.Pixels.AsSpan()));
        sha.AppendData(images.Labels);
        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }
}
