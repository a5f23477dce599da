namespace Engine.Gan.Penalties;

/// <summary>Builds a regulariser from its CLI name.</summary>
public static class Regularizers
{
    /// <summary>The names accepted by <see cref="Create"/>.</summary>
    public static readonly string[] Names = ["gp", "lp", "r1", "r2", "dragan", "cr", "bcr", "zcr", "clip", "sn", "none"];

    /// <summary>
    /// The regulariser called <paramref name="name"/> with weight <paramref name="lambda"/> (the clip
    /// value c for "clip"). Unknown names and negative or non-finite weights are refused.
    /// </summary>
    public static CriticRegularizer Create(string name, double lambda)
    {
        if (double.IsNaN(lambda) || double.IsInfinity(lambda) || lambda < 0)
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, $"penalty '{name}': lambda must be a finite number >= 0, got {lambda}");
        if (name == "clip" && lambda == 0)
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "penalty 'clip': the clip value must be positive");
        return name switch
        {
            "gp" => new GradientPenalty { Lambda = lambda },
            "lp" => new GradientPenalty { Lambda = lambda, OneSided = true },
            "r1" => new ZeroCenteredPenalty { Lambda = lambda, OnReal = true },
            "r2" => new ZeroCenteredPenalty { Lambda = lambda, OnReal = false },
            "dragan" => new DraganPenalty { Lambda = lambda },
            "cr" => new ConsistencyPenalty { Lambda = lambda },
            "bcr" => new ConsistencyPenalty { Lambda = lambda, Balanced = true },
            "zcr" => new LatentConsistencyPenalty { Lambda = lambda },
            "clip" => new WeightClipping { Lambda = lambda },
            "sn" => new SpectralNormRegularizer { Lambda = lambda },
            "none" => new NoRegularizer { Lambda = lambda },
            _ => throw new ArgumentException($"unknown penalty '{name}'; expected one of: {string.Join(", ", Names)}"),
        };
    }
}
