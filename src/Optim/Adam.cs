using Engine.Autodiff;
using Engine.Tensors;

namespace Engine.Optim;

/// <summary>
/// Adam (Kingma and Ba 2015) as torch.optim.Adam computes it:
/// m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
/// The official WGAN-GP code uses lr 1e-4, betas (0.5, 0.9); the paper's Algorithm 1 uses (0, 0.9).
/// </summary>
public sealed class Adam : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    public Adam(IEnumerable<(string Name, Tensor Value)> parameters, double learningRate = 1e-4, double beta1 = 0.5, double beta2 = 0.9, double eps = 1e-8)
        : base(parameters, learningRate)
    {
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(beta1), $"Adam: betas must lie in [0, 1), got ({beta1}, {beta2})");
        if (!(eps > 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "Adam: eps must be positive");
        (Beta1, Beta2, Eps) = (beta1, beta2, eps);
    }

    /// <summary>First-moment decay.</summary>
    public double Beta1 { get; }

    /// <summary>Second-moment decay.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the denominator.</summary>
    public double Eps { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> Slots => ["exp_avg", "exp_avg_sq"];

    /// <inheritdoc />
    public override IReadOnlyList<string> NonNegativeSlots => ["exp_avg_sq"];

    /// <summary>The fused backend kernel: one pass over parameter, gradient and both moments, in place.</summary>
    protected override void Apply(string name, Tensor param, Tensor grad)
    {
        var m = GetState(name, "exp_avg", param);
        var v = GetState(name, "exp_avg_sq", param);
        var g = grad.Data.IsContiguous ? grad.Data : grad.Data.Contiguous();
        var step = new AdamStep(LearningRate, Beta1, Beta2, Eps, 1 - Math.Pow(Beta1, Steps), 1 - Math.Pow(Beta2, Steps));
        param.Backend.AdamUpdate(param.Data, g, m.Data, v.Data, step);
    }
}
