using Engine.Gan.Penalties;
namespace Engine.Gan.Figures;

/// <summary>
/// A WGAN of two deep ReLU MLPs on a toy data set (the paper's section 3.2 setup). The optimizer follows the
/// trainer's conventions: RMSProp at lr 5e-5 for weight clipping (the original WGAN), Adam at lr 1e-4 with betas
/// (0.5, 0.9) otherwise (the official WGAN-GP code).
/// </summary>
public sealed record DeepWganConfig
{
    /// <summary>Toy data set name.</summary>
    public string Dataset { get; init; } = "swissroll";

    /// <summary>Critic regulariser: "clip" or "gp" (any name of <see cref="Penalties.Regularizers"/>).</summary>
    public string Penalty { get; init; } = Regularizers.Gp.Name;

    /// <summary>Clip value c for "clip", lambda otherwise.</summary>
    public double Lambda { get; init; } = 0.1;

    /// <summary>Linear layers of critic and generator.</summary>
    public int Layers { get; init; } = 12;

    /// <summary>Hidden width.</summary>
    public int Width { get; init; } = 512;

    /// <summary>Batch size of every step.</summary>
    public int Batch { get; init; } = 64;

    /// <summary>Generator iterations (the generator is not trained at iteration 0).</summary>
    public int Iters { get; init; } = 20;

    /// <summary>Critic steps per generator step.</summary>
    public int CriticIters { get; init; } = 5;

    /// <summary>Learning rate; null for the convention above.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Seed of every random stream; the critic's initial weights depend on it alone, not on the penalty.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The learning rate used.</summary>
    public double EffectiveLearningRate => LearningRate ?? Regularizers.Get(Penalty).DefaultLearningRate;

    /// <summary>Throws <see cref="ArgumentException"/> for a size below 1 or a non-positive learning rate.</summary>
    public void Validate()
    {
        if (Layers < 2) throw new ArgumentException($"layers must be >= 2, got {Layers}");
        if (Width < 1) throw new ArgumentException($"width must be >= 1, got {Width}");
        if (Batch < 1) throw new ArgumentException($"batch must be >= 1, got {Batch}");
        if (Iters < 1) throw new ArgumentException($"iters must be >= 1, got {Iters}");
        if (CriticIters < 1) throw new ArgumentException($"critic-iters must be >= 1, got {CriticIters}");
        if (!(EffectiveLearningRate > 0) || double.IsInfinity(EffectiveLearningRate)) throw new ArgumentException($"lr must be a positive number, got {EffectiveLearningRate}");
    }
}
