namespace Engine.Gan.Figures;

/// <summary>Settings of <see cref="CriticSurfaceFigure"/>.</summary>
/// <param name="Steps">Critic steps per panel.</param>
/// <param name="Width">Hidden width of the toy-mlp critic.</param>
/// <param name="Batch">Real (and generated) samples per step.</param>
/// <param name="Lambda">Gradient-penalty weight.</param>
/// <param name="Seed">Seed of every random stream.</param>
/// <param name="LearningRate">Adam's learning rate (betas 0.5, 0.9) in both rows.</param>
public sealed record CriticSurfaceConfig(int Steps = 2000, int Width = 256, int Batch = 256, double Lambda = 10, ulong Seed = 1, double LearningRate = 1e-3)
{
    /// <summary>Throws <see cref="ArgumentException"/> for a size below 1 or a bad lambda.</summary>
    public void Validate()
    {
        if (Steps < 1) throw new ArgumentException($"iters must be >= 1, got {Steps}");
        if (Width < 1) throw new ArgumentException($"width must be >= 1, got {Width}");
        if (Batch < 1) throw new ArgumentException($"batch must be >= 1, got {Batch}");
        if (!(Lambda >= 0 && double.IsFinite(Lambda))) throw new ArgumentException($"lambda must be a finite number >= 0, got {Lambda}");
        if (!(LearningRate > 0 && double.IsFinite(LearningRate))) throw new ArgumentException($"lr must be a positive number, got {LearningRate}");
    }
}
