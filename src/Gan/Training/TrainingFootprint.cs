using System.Globalization;
using Engine.Gan.Models;
using Engine.Nn;
using Engine.Tensors;

namespace Engine.Gan.Training;

/// <summary>
/// The memory a training run will need, estimated before its models are built (see
/// <see cref="ModelSize"/>): the state of both networks times the copies a run keeps (weights,
/// gradients, two optimizer slots, the generator's average), plus the activations of a critic step
/// on a batch (real, fake and interpolated samples through the critic with its backward and double
/// backward, and the generator's forward: <see cref="ActivationCopies"/> copies of one forward).
/// It is a rough upper estimate: it exists to refuse a width or batch that cannot fit, with the figure.
/// </summary>
public sealed record TrainingFootprint(long StateElements, long ActivationElements, int ElementBytes)
{
    /// <summary>Copies of the networks' state a run keeps: weights, gradients, two optimizer slots, the average.</summary>
    public const int StateCopies = 5;

    /// <summary>Copies of one sample's forward activations a penalised critic step keeps alive at once.</summary>
    public const int ActivationCopies = 8;

    /// <summary>The estimate in bytes (saturating at long.MaxValue).</summary>
    public double Bytes => ((double)StateElements * StateCopies + (double)ActivationElements * ActivationCopies) * ElementBytes;

    /// <summary>Estimates the run of <paramref name="config"/> whose networks <paramref name="build"/> makes at a width (generator, critic).</summary>
    public static TrainingFootprint Estimate(TrainConfig config, int[] sampleShape, int noiseDim, Func<int, (Module Generator, Module Critic)> build)
    {
        ArgumentNullException.ThrowIfNull(config);
        long width = config.EffectiveWidth, batch = config.EffectiveBatch;
        var state = ModelSize.StateElements(w => build(w).Generator, width) + ModelSize.StateElements(w => build(w).Critic, width);
        var perSample = ModelSize.ForwardElementsPerSample(w => build(w).Generator, [noiseDim], width)
            + ModelSize.ForwardElementsPerSample(w => build(w).Critic, sampleShape, width);
        return new TrainingFootprint(state, perSample * batch, config.DType.SizeOf());
    }

    /// <summary>The memory this process may use: the GC's view of the machine's (or the container's) available memory.</summary>
    public static long AvailableBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>Refuses a run whose estimate exceeds <paramref name="availableBytes"/>, naming width, batch and both figures.</summary>
    /// <exception cref="ArgumentException">The run cannot fit.</exception>
    public void CheckFits(TrainConfig config, long availableBytes)
    {
        if (Bytes <= availableBytes) return;
        var what = $"{config.Model} with width {config.EffectiveWidth} and batch {config.EffectiveBatch} ({config.DType.Name()})";
        var parts = string.Create(CultureInfo.InvariantCulture, $"{StateElements:N0} weights x {StateCopies} copies, {ActivationElements:N0} activations x {ActivationCopies}");
        throw new ArgumentException($"{what} needs about {Gib(Bytes)} ({parts}), more than the {Gib(availableBytes)} available; use a smaller --width or --batch");
    }

    private static string Gib(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1L << 30):G3} GiB");
}
