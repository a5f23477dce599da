using Engine.Autodiff;
using Engine.Nn;
using Engine.Tensors;

namespace Engine.Gan.Penalties;

/// <summary>
/// DRAGAN (Kodali et al. 2017), as its reference code does it: perturbed = real + 0.5 std(real) U[0, 1)
/// elementwise, x = real + alpha (perturbed - real) with alpha ~ U[0, 1) per sample, and the
/// two-sided penalty lambda E[(||grad D(x)|| - 1)^2] there: a penalty around the real data only.
/// </summary>
public sealed class DraganPenalty : GradientPenalty
{
    /// <summary>Scale of the perturbation in units of the real batch's standard deviation.</summary>
    public double PerturbationScale { get; init; } = 0.5;

    /// <inheritdoc />
    public override string Name => "dragan";

    /// <inheritdoc />
    public override PenaltyTerm? Compute(Module critic, Tensor real, Tensor fake, RandomStream rng)
    {
        using var _ = GradMode.NoGrad();
        var r = real.Detach();
        var mean = r.Mean();
        var std = ((r - mean).Square().Mean()).Sqrt();
        var noise = Tensor.Uniform(rng, r.Shape, dtype: r.DType, backend: r.Backend);
        var alpha = PerSampleUniform(rng, r);
        var points = r + alpha * (PerturbationScale * std * noise);
        using var grad = GradMode.EnableGrad();
        return FromPoints(critic, points);
    }
}
