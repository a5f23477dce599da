using Engine.Gan.Classifier;
using Engine.Gan.Data;
using Engine.Gan.Metrics;

namespace Engine.Gan.Training;

/// <summary>How good the generator is: mode metrics and MMD^2 (2-D data sets, images), and the digit classifier's judgement (MNIST).</summary>
public sealed record Evaluation(int Samples, int? ModesCovered, int? ModeCount, double? HighQualityFraction, double Mmd2, double MmdBandwidth)
{
    /// <summary>Samples used for the mode metrics (DESIGN.md: 2,500).</summary>
    public const int SampleCount = 2500;

    /// <summary>Generated (and real) digits judged by the classifier per evaluation.</summary>
    public const int DigitSampleCount = 2000;

    /// <summary>The classifier's metrics of generated digits (MNIST with a classifier), else null.</summary>
    public DigitQuality? Digits { get; init; }

    /// <summary>
    /// Draws 2,500 generated samples from a stream of their own and 2,500 fresh real ones from an
    /// independent stream over the same data (<see cref="IDataSource.WithSeed"/>); reports PacGAN's mode metrics (when the modes are known) and
    /// MMD^2 with the median-bandwidth RBF kernel. Images: MMD^2 on 500 of each; with a
    /// <paramref name="classifier"/> also <see cref="DigitQuality"/> of <paramref name="digitSamples"/> generated digits
    /// against as many fresh real ones.
    /// </summary>
    public static Evaluation Measure(WganTrainer trainer, bool ema = false, DigitClassifier? classifier = null, int digitSamples = DigitSampleCount)
    {
        using var scope = Engine.Tensors.BufferScope.Begin();
        // Images: fewer samples keep the O(n^2) kernel sums over 784-dim vectors quick.
        var count = trainer.Data.SampleShape.Length == 1 ? SampleCount : 500;
        var judged = classifier is null ? 0 : digitSamples;
        if (classifier is not null && digitSamples < 2) throw new ArgumentOutOfRangeException(nameof(digitSamples), digitSamples, "evaluation: the Frechet distance needs at least 2 samples");
        // One draw serves both: the first `count` samples for MMD^2, all of them for the classifier.
        var generated = trainer.Sample(Math.Max(count, judged), WganTrainer.Stream(trainer.Config.Seed, 5), ema).ToDoubleArray();
        var dim = generated.Length / Math.Max(count, judged);
        var fake = generated.AsSpan(0, count * dim).ToArray();
        var fresh = trainer.Data.WithSeed(WganTrainer.Stream(trainer.Config.Seed, 6));
        var real = fresh.NextBatch(count, trainer.Config.DType, trainer.Backend).ToDoubleArray();
        var (mmd2, bandwidth) = Mmd.Squared(fake, real, dim);
        DigitQuality? digits = null;
        if (classifier is not null)
        {
            var realDigits = trainer.Data.WithSeed(WganTrainer.Stream(trainer.Config.Seed, 10)).NextBatch(judged, Engine.Tensors.DType.Float32, trainer.Backend);
            digits = DigitQuality.Measure(classifier, Array.ConvertAll(generated, v => (float)v), (float[])realDigits.ToArray());
        }
        if (trainer.Data is IModalDataSource modal)
        {
            var r = ModeCoverage.Measure(fake, modal.ModeCenters, modal.ModeStd);
            return new Evaluation(count, r.ModesCovered, r.ModeCount, r.HighQualityFraction, mmd2, bandwidth) { Digits = digits };
        }
        return new Evaluation(count, null, null, null, mmd2, bandwidth) { Digits = digits };
    }
}
