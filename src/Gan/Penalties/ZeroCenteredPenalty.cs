using Engine.Autodiff;
using Engine.Nn;
using Engine.Tensors;

namespace Engine.Gan.Penalties;

/// <summary>
/// R1 and R2 (Mescheder et al. 2018): gamma/2 E[||grad D(x)||^2] at the real samples (R1) or at the
/// generated ones (R2). <see cref="CriticRegularizer.Lambda"/> is gamma. The squared norm needs no
/// root, so it is smooth at zero without an epsilon.
/// </summary>
public sealed class ZeroCenteredPenalty : CriticRegularizer
{
    /// <summary>True for R1 (real data), false for R2 (generated data).</summary>
    public bool OnReal { get; init; } = true;

    /// <inheritdoc />
    public override string Name => OnReal ? "r1" : "r2";

    /// <inheritdoc />
    public override PenaltyTerm? Compute(Module critic, Tensor real, Tensor fake, RandomStream rng)
    {
        var (_, grad) = InputGradient(critic, OnReal ? real : fake);
        var squared = grad.Square().Sum(SampleAxes(grad));
        Tensor norms;
        using (GradMode.NoGrad()) norms = squared.Detach().Sqrt();
        return new PenaltyTerm(Lambda / 2 * squared.Mean(), norms);
    }
}
