using Engine.Gan.Classifier;

namespace Engine.Gan.Metrics;

/// <summary>
/// How good N generated digits are, judged by the digit classifier (Inception-score-style metrics
/// without Inception weights).
/// </summary>
/// <param name="Samples">Generated digits judged (N).</param>
/// <param name="ClassesCovered">Digit classes that the classifier predicts (arg max) for at least <see cref="CoverageShare"/> of the N samples, 0..10.</param>
/// <param name="KlToUniform">KL(p || uniform) in nats of the predicted-class histogram p: sum_k p_k log(10 p_k) = log 10 - H(p); 0 when every class is predicted equally often, log 10 = 2.30 when one class takes all.</param>
/// <param name="MeanMaxSoftmax">Mean over the samples of the largest class probability (how confidently each looks like some digit).</param>
/// <param name="FrechetDistance">Frechet distance between the classifier's penultimate features (128, after ReLU) of N real and the N generated digits.</param>
public sealed record DigitQuality(int Samples, int ClassesCovered, double KlToUniform, double MeanMaxSoftmax, double FrechetDistance)
{
    /// <summary>A class is covered when at least this share of the samples is predicted as it (1%, a tenth of the uniform 10%).</summary>
    public const double CoverageShare = 0.01;

    /// <summary>Judges <paramref name="fake"/> against <paramref name="real"/> (both row-major [N, 1, 28, 28] in [0, 1]).</summary>
    public static DigitQuality Measure(DigitClassifier classifier, float[] fake, float[] real)
    {
        var (probabilities, fakeFeatures) = classifier.Predict(fake);
        var (_, realFeatures) = classifier.Predict(real);
        var n = probabilities.Length / DigitClassifier.Classes;
        var (covered, kl, maxSoftmax) = ClassStatistics(probabilities, DigitClassifier.Classes);
        var fd = global::Engine.Gan.Metrics.FrechetDistance.FromFeatures(realFeatures, fakeFeatures, DigitClassifier.FeatureDim);
        return new DigitQuality(n, covered, kl, maxSoftmax, fd);
    }

    /// <summary>Classes covered, KL of the predicted-class histogram to uniform, and mean max-probability of row-major probabilities [N, classes].</summary>
    public static (int ClassesCovered, double KlToUniform, double MeanMaxSoftmax) ClassStatistics(double[] probabilities, int classes)
    {
        if (classes < 1 || probabilities.Length == 0 || probabilities.Length % classes != 0)
            throw new ArgumentException($"digit quality: {probabilities.Length} probabilities are not a positive number of rows of {classes}");
        var n = probabilities.Length / classes;
        var counts = new int[classes];
        var maxSum = 0.0;
        for (var i = 0; i < n; i++)
        {
            var row = probabilities.AsSpan(i * classes, classes);
            var best = ClassifierTraining.ArgMax(row);
            counts[best]++;
            maxSum += row[best];
        }
        var covered = counts.Count(c => c >= CoverageShare * n);
        var kl = 0.0;
        foreach (var c in counts)
            if (c > 0) kl += (double)c / n * Math.Log((double)c / n * classes);
        return (covered, kl, maxSum / n);
    }
}
