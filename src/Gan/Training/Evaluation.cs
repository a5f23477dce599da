using Engine.Gan.Data;
using Engine.Gan.Metrics;

namespace Engine.Gan.Training;

/// <summary>How good the generator is at the end of a run (2-D data sets).</summary>
public sealed record Evaluation(int Samples, int? ModesCovered, int? ModeCount, double? HighQualityFraction, double Mmd2, double MmdBandwidth)
{
    /// <summary>Samples used for the mode metrics (DESIGN.md: 2,500).</summary>
    public const int SampleCount = 2500;

    /// <summary>
    /// Draws 2,500 generated samples from a stream of their own and 2,500 fresh real ones from an
    /// independent stream over the same data (<see cref="IDataSource.WithSeed"/>); reports PacGAN's mode metrics (when the modes are known) and
    /// MMD^2 with the median-bandwidth RBF kernel.
    /// </summary>
    public static Evaluation Measure(WganTrainer trainer, bool ema = false)
    {
        // Images: fewer samples keep the O(n^2) kernel sums over 784-dim vectors quick.
        var count = trainer.Data.SampleShape.Length == 1 ? SampleCount : 500;
        var fake = trainer.Sample(count, WganTrainer.Stream(trainer.Config.Seed, 5), ema).ToDoubleArray();
        var fresh = trainer.Data.WithSeed(WganTrainer.Stream(trainer.Config.Seed, 6));
        var real = fresh.NextBatch(count, trainer.Config.DType, trainer.Backend).ToDoubleArray();
        var dim = fake.Length / count;
        var (mmd2, bandwidth) = Mmd.Squared(fake, real, dim);
        if (trainer.Data is IModalDataSource modal)
        {
            var r = ModeCoverage.Measure(fake, modal.ModeCenters, modal.ModeStd);
            return new Evaluation(count, r.ModesCovered, r.ModeCount, r.HighQualityFraction, mmd2, bandwidth);
        }
        return new Evaluation(count, null, null, null, mmd2, bandwidth);
    }
}
