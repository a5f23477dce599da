namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Euclidean norm over <paramref name="axes"/> (null: all), sqrt(sum x^2 + eps). The epsilon sits
    /// inside the root so the norm and its gradient stay finite at zero, as the gradient penalty needs.
    /// Composite: no rule of its own.
    /// </summary>
    public static Tensor Norm(this Tensor x, int[]? axes = null, bool keepDim = false, double eps = 1e-12) =>
        ((x * x).Sum(axes, keepDim) + eps).Sqrt();
}
