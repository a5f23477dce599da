namespace Engine.Gan.Penalties;

/// <summary>The critic regularisers the trainer, bench and CLI know, by name (each name is spelled once, by its class).</summary>
public static class Regularizers
{
    /// <summary>No regularisation: the plain critic step (what every penalty's cost is compared against).</summary>
    public static readonly RegularizerSpec None = RegularizerSpec.Of(l => new NoRegularizer { Lambda = l },
        "no regulariser: the plain WGAN critic step", needsDoubleBackward: false);

    /// <summary>The two-sided gradient penalty of WGAN-GP.</summary>
    public static readonly RegularizerSpec Gp = RegularizerSpec.Of(l => new GradientPenalty { Lambda = l },
        "lambda E[(||grad D(x_hat)|| - 1)^2] at per-sample interpolates (WGAN-GP)", needsDoubleBackward: true);

    /// <summary>The one-sided gradient penalty (WGAN-LP).</summary>
    public static readonly RegularizerSpec Lp = RegularizerSpec.Of(l => new GradientPenalty { Lambda = l, OneSided = true },
        "lambda E[max(0, ||grad D(x_hat)|| - 1)^2], one-sided (WGAN-LP)", needsDoubleBackward: true);

    /// <summary>R1: the zero-centred penalty on real data.</summary>
    public static readonly RegularizerSpec R1 = RegularizerSpec.Of(l => new ZeroCenteredPenalty { Lambda = l, OnReal = true },
        "gamma/2 E||grad D(x)||^2 on real samples (R1)", needsDoubleBackward: true);

    /// <summary>R2: the zero-centred penalty on generated data.</summary>
    public static readonly RegularizerSpec R2 = RegularizerSpec.Of(l => new ZeroCenteredPenalty { Lambda = l, OnReal = false },
        "gamma/2 E||grad D(x)||^2 on generated samples (R2)", needsDoubleBackward: true);

    /// <summary>DRAGAN: the gradient penalty around perturbed real data.</summary>
    public static readonly RegularizerSpec Dragan = RegularizerSpec.Of(l => new DraganPenalty { Lambda = l },
        "the gradient penalty around perturbed real samples (DRAGAN)", needsDoubleBackward: true);

    /// <summary>The original WGAN's weight clipping (RMSProp at lr 5e-5, c = 0.01).</summary>
    public static readonly RegularizerSpec Clip = RegularizerSpec.Of(l => new WeightClipping { Lambda = l },
        "clamp every critic weight to [-c, c] after each step (WGAN; c = --lambda)", needsDoubleBackward: false,
        defaultWeight: 0.01, defaultOptimizer: "rmsprop", defaultLearningRate: 5e-5);

    /// <summary>Spectral normalisation of every critic layer.</summary>
    public static readonly RegularizerSpec SpectralNorm = RegularizerSpec.Of(l => new SpectralNormRegularizer { Lambda = l },
        "spectral normalisation of every critic layer (SN-GAN)", needsDoubleBackward: false);

    /// <summary>Every regulariser: the plain step first, then the input-gradient penalties, then the rest.</summary>
    public static IReadOnlyList<RegularizerSpec> All { get; } = [None, Gp, Lp, R1, R2, Dragan, Clip, SpectralNorm];

    /// <summary>Every name, in <see cref="All"/>'s order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(r => r.Name).ToArray();

    /// <summary>Every regulariser but the plain step (what bench times beside it).</summary>
    public static IReadOnlyList<RegularizerSpec> Penalties { get; } = All.Where(r => r != None).ToArray();

    /// <summary>The names for help texts and error messages: "a, b or c".</summary>
    public static string NamesText => NameList.Or(Names);

    /// <summary>True when <paramref name="name"/> is a known regulariser.</summary>
    public static bool Contains(string name) => All.Any(r => r.Name == name);

    /// <summary>The entry called <paramref name="name"/>; an unknown name throws an <see cref="ArgumentException"/> listing the known ones.</summary>
    public static RegularizerSpec Get(string name) =>
        All.FirstOrDefault(r => r.Name == name) ?? throw new ArgumentException($"unknown penalty '{name}'; expected {NamesText}");

    /// <summary>
    /// The regulariser called <paramref name="name"/> with weight <paramref name="lambda"/> (the clip
    /// value c for clipping). Unknown names and negative or non-finite weights are refused.
    /// </summary>
    public static CriticRegularizer Create(string name, double lambda)
    {
        var spec = Get(name);
        if (double.IsNaN(lambda) || double.IsInfinity(lambda) || lambda < 0)
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, $"penalty '{name}': lambda must be a finite number >= 0, got {lambda}");
        if (spec == Clip && lambda == 0)
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, $"penalty '{name}': the clip value must be positive");
        return spec.Create(lambda);
    }
}
