using Engine.Autodiff;
using Engine.Nn;
using Engine.Tensors;

namespace Engine.Gan.Penalties;

/// <summary>
/// Latent consistency regularisation, zcr (Zhao et al. 2021), no double backward: with
/// dz ~ N(0, sigma^2) per noise coordinate, the critic pays lambda_dis E[(D(G(z)) - D(G(z + dz)))^2]
/// (it should not tell a small step in z apart) and the generator pays
/// -lambda_gen E[(G(z) - G(z + dz))^2] (it should not collapse a neighbourhood of z onto one sample).
/// Paper defaults: sigma 0.03, lambda_dis 5 (<see cref="CriticRegularizer.Lambda"/>), lambda_gen 0.5.
/// The generator's square is averaged over the sample's elements (as nn.MSELoss does), so the
/// weight means the same for 2-D points and 784-pixel digits.
/// </summary>
public sealed class LatentConsistencyPenalty : CriticRegularizer
{
    /// <summary>Standard deviation of the latent perturbation.</summary>
    public double Sigma { get; init; } = 0.03;

    /// <summary>Weight of the generator's term.</summary>
    public double GeneratorLambda { get; init; } = 0.5;

    /// <inheritdoc />
    public override string Name => "zcr";

    /// <inheritdoc />
    public override PenaltyTerm? Compute(Module critic, Tensor real, LatentBatch fake, RandomStream rng)
    {
        Tensor perturbed;
        using (GradMode.NoGrad())
        using (ModuleScope.Enter("generator"))
            perturbed = fake.Generator.Forward(Perturb(fake.Noise, rng)).Detach();
        var gap = critic.Forward(fake.Fake.Detach()) - critic.Forward(perturbed);
        return new PenaltyTerm(Lambda * gap.Square().Mean(), null);
    }

    /// <summary>Without the generator there is no latent to perturb.</summary>
    public override PenaltyTerm? Compute(Module critic, Tensor real, Tensor fake, RandomStream rng) =>
        throw new InvalidOperationException("penalty 'zcr' perturbs the generator's noise: call Compute with a LatentBatch");

    /// <inheritdoc />
    public override Tensor? GeneratorTerm(Module critic, LatentBatch batch, RandomStream rng)
    {
        var perturbed = batch.Generator.Forward(Perturb(batch.Noise, rng));
        return -GeneratorLambda * (batch.Fake - perturbed).Square().Mean();
    }

    private Tensor Perturb(Tensor z, RandomStream rng)
    {
        using var _ = GradMode.NoGrad();
        return z.Detach() + Tensor.Normal(rng, z.Shape, 0, Sigma, z.DType, backend: z.Backend);
    }

    /// <inheritdoc />
    public override string ToString() => $"zcr(lambda_dis={Lambda}, lambda_gen={GeneratorLambda}, sigma={Sigma})";
}
