namespace Engine.Gan.Figures;

/// <summary>Overrides of a figure's defaults; null keeps the figure's own default.</summary>
public sealed record FigureOptions
{
    /// <summary>Training length: generator iterations (gradnorms, weights) or critic steps (critic-surface).</summary>
    public int? Iters { get; init; }

    /// <summary>Hidden width of the networks.</summary>
    public int? Width { get; init; }

    /// <summary>Batch size.</summary>
    public int? Batch { get; init; }

    /// <summary>Gradient-penalty weight lambda (the paper uses 10 in all its experiments).</summary>
    public double? Lambda { get; init; }

    /// <summary>Learning rate of every optimizer.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Seed of every random stream.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Throws <see cref="ArgumentException"/> for a size below 1 or a negative or non-finite lambda.</summary>
    public void Validate()
    {
        if (Iters is < 1) throw new ArgumentException($"--iters must be >= 1, got {Iters}");
        if (Width is < 1) throw new ArgumentException($"--width must be >= 1, got {Width}");
        if (Batch is < 1) throw new ArgumentException($"--batch must be >= 1, got {Batch}");
        if (Lambda is { } l && !(l >= 0 && double.IsFinite(l))) throw new ArgumentException($"--lambda must be a finite number >= 0, got {l}");
        if (LearningRate is { } r && !(r > 0 && double.IsFinite(r))) throw new ArgumentException($"--lr must be a positive number, got {r}");
    }
}
