using System.Globalization;
using Engine.Gan.Classifier;
using Engine.Gan.Data.Mnist;
using Engine.Tensors;

namespace Engine.Cli;

/// <summary>
/// Loads the cached digit classifier or trains it, showing training as a Spectre.Console bar (epoch,
/// loss, ETA) on a terminal and as a plain line per epoch otherwise; then one line with the result.
/// </summary>
internal static class ClassifierProgressView
{
    public static CachedClassifier LoadOrTrain(MnistImages images, string directory, ClassifierOptions options, IBackend backend,
        TextWriter output, bool retrain, CancellationToken cancel)
    {
        var hash = ClassifierCache.DataHash(images);
        if (!retrain && ClassifierCache.TryLoad(directory, hash, backend, out var cached, out _))
        {
            Report(cached!, directory, output);
            return cached!;
        }
        output.WriteLine($"training the digit classifier on {images.Count} digits from {images.Source} " +
            $"({options.Epochs} epoch{(options.Epochs == 1 ? "" : "s")}, batch {options.BatchSize}, Adam lr {options.LearningRate.ToString("G3", CultureInfo.InvariantCulture)}, shifts up to {options.MaxShift} px, {options.TestFraction.ToString("P0", CultureInfo.InvariantCulture)} held out)");
        CachedClassifier result;
        if (ConsoleProgress.Interactive(output) is { } console)
        {
            result = ConsoleProgress.WithBar(console, 20, update => ClassifierCache.LoadOrTrain(images, directory, options, backend,
                p => update(p.Step, p.Steps, string.Create(CultureInfo.InvariantCulture, $"classifier epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F3}")),
                retrain: true, cancel));
        }
        else
        {
            result = ClassifierCache.LoadOrTrain(images, directory, options, backend, p =>
            {
                if (p.Step % (p.Steps / p.Epochs) == 0 || p.Step == p.Steps)
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"classifier epoch {p.Epoch}/{p.Epochs}: step {p.Step}/{p.Steps}, batch loss {p.Loss:F4}"));
            }, retrain: true, cancel);
        }
        Report(result, directory, output);
        return result;
    }

    private static void Report(CachedClassifier c, string directory, TextWriter output)
    {
        var i = c.Info;
        var how = c.Trained ? $"trained in {i.Seconds:F1} s and cached" : "loaded from the cache";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"digit classifier {how} ({Path.Combine(directory, ClassifierCache.WeightsFile)}): test accuracy {i.TestAccuracy * 100:F2}% on {i.TestCount} held-out digits; Frechet distance between two sets of real digits {i.RealFrechetDistance:F2}"));
    }
}
