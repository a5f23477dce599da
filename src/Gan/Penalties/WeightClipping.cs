using Engine.Autodiff;
using Engine.Nn;

namespace Engine.Gan.Penalties;

/// <summary>
/// The original WGAN (Arjovsky et al. 2017): no penalty term; after every critic step each critic
/// parameter is clamped to [-c, c] (c = <see cref="CriticRegularizer.Lambda"/>, 0.01 in the paper,
/// which trains with RMSProp at lr 5e-5). The baseline the gradient penalty is compared against.
/// </summary>
public sealed class WeightClipping : CriticRegularizer
{
    /// <inheritdoc />
    public override string Name => "clip";

    /// <inheritdoc />
    public override bool AddsTerm => false;

    /// <inheritdoc />
    public override void AfterCriticStep(Module critic)
    {
        using var _ = GradMode.NoGrad();
        foreach (var p in critic.Parameters())
            p.Backend.Copy(p.Detach().Clamp(-Lambda, Lambda).Data, p.Data);
    }
}

/// <summary>Spectral normalisation (Miyato et al. 2018): the critic is built with W / sigma(W) in every layer; no penalty term.</summary>
public sealed class SpectralNormRegularizer : CriticRegularizer
{
    /// <inheritdoc />
    public override string Name => "sn";

    /// <inheritdoc />
    public override bool AddsTerm => false;

    /// <inheritdoc />
    public override bool NeedsSpectralNorm => true;
}

/// <summary>No regularisation: a plain WGAN critic (diverges; for comparison and benchmarks).</summary>
public sealed class NoRegularizer : CriticRegularizer
{
    /// <inheritdoc />
    public override string Name => "none";

    /// <inheritdoc />
    public override bool AddsTerm => false;
}
