using Engine.Autodiff;
using Engine.Nn;
using Engine.Tensors;

namespace Engine.Gan.Penalties;

/// <summary>
/// WGAN-GP's two-sided penalty (Gulrajani et al. 2017): lambda E[(||grad D(x_hat)||_2 - 1)^2] at
/// x_hat = alpha real + (1 - alpha) fake, alpha ~ U[0, 1) per sample; the norm is over all
/// non-batch dims with an epsilon inside the root so it stays finite where the gradient is zero.
/// With <see cref="OneSided"/> it is the "LP" variant (Petzka et al. 2018): lambda E[max(0, ||grad|| - 1)^2].
/// The input gradient comes from autodiff unless <see cref="InputGradientFn"/> supplies one by hand.
/// </summary>
public class GradientPenalty : CriticRegularizer
{
    /// <summary>Epsilon inside the norm's square root.</summary>
    public double NormEps { get; init; } = 1e-12;

    /// <summary>Penalise only norms above 1 (LP).</summary>
    public bool OneSided { get; init; }

    /// <summary>
    /// Optional hand-written input gradient x -> d D(x) / d x (no tape for the input gradient; it must
    /// still be written in tensor ops of the critic's parameters so the penalty can be trained).
    /// </summary>
    public Func<Tensor, Tensor>? InputGradientFn { get; init; }

    /// <inheritdoc />
    public override string Name => InputGradientFn is not null ? "manual" : OneSided ? "lp" : "gp";

    /// <inheritdoc />
    public override PenaltyTerm? Compute(Module critic, Tensor real, Tensor fake, RandomStream rng)
    {
        var alpha = PerSampleUniform(rng, real);
        var xHat = alpha * real.Detach() + (1.0 - alpha) * fake.Detach();
        return FromPoints(critic, xHat);
    }

    /// <summary>The penalty at given points (the interpolates, or DRAGAN's perturbed points).</summary>
    protected PenaltyTerm FromPoints(Module critic, Tensor points)
    {
        var grad = InputGradientFn is null ? InputGradient(critic, points).Gradient : InputGradientFn(points.Detach());
        var norm = grad.Norm(SampleAxes(grad), eps: NormEps);
        var excess = norm - 1.0;
        if (OneSided) excess = excess.Relu();
        return new PenaltyTerm(Lambda * excess.Square().Mean(), norm.Detach());
    }
}
