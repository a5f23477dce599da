using Engine.Autodiff;
using Engine.Nn;
using Engine.Tensors;

namespace Engine.Gan.Penalties;

/// <summary>A penalty term already weighted by lambda, and the per-sample input-gradient norms it saw (detached, for logging).</summary>
/// <param name="Value">The scalar term added to the critic loss (part of the graph).</param>
/// <param name="GradNorms">||grad_x D|| per sample [B], detached, or null when the regulariser looks at no gradient.</param>
public sealed record PenaltyTerm(Tensor Value, Tensor? GradNorms);

/// <summary>The generated half of a step: the generator, the noise it was given and its (detached, for the critic) output.</summary>
/// <param name="Generator">G, for regularisers that perturb the noise (zcr).</param>
/// <param name="Noise">z, [B, noise dim].</param>
/// <param name="Fake">G(z).</param>
public sealed record LatentBatch(Module Generator, Tensor Noise, Tensor Fake);

/// <summary>
/// How a critic is kept Lipschitz: a penalty added to its loss (gradient penalties, R1/R2,
/// DRAGAN), a constraint applied after each critic step (weight clipping), or a reparametrisation
/// of its weights (spectral norm). One interface so the trainer and the benchmarks treat them alike.
/// </summary>
public abstract class CriticRegularizer
{
    /// <summary>The CLI name: gp, lp, r1, r2, dragan, cr, bcr, zcr, clip, sn, none, manual.</summary>
    public abstract string Name { get; }

    /// <summary>The weight of the penalty term (lambda, or gamma for R1/R2; the clip value for clipping).</summary>
    public double Lambda { get; init; }

    /// <summary>True when the critic must be built with spectrally normalised weights.</summary>
    public virtual bool NeedsSpectralNorm => false;

    /// <summary>True when the regulariser adds a term to the critic's loss (so <c>--reg-every</c> can space it out).</summary>
    public virtual bool AddsTerm => true;

    /// <summary>The term for one critic step, or null when this regulariser adds none.</summary>
    public virtual PenaltyTerm? Compute(Module critic, Tensor real, Tensor fake, RandomStream rng) => null;

    /// <summary>
    /// The term for one critic step that may look at the noise behind the fakes (zcr does); by default
    /// <see cref="Compute(Module, Tensor, Tensor, RandomStream)"/> on the fakes.
    /// </summary>
    public virtual PenaltyTerm? Compute(Module critic, Tensor real, LatentBatch fake, RandomStream rng) => Compute(critic, real, fake.Fake, rng);

    /// <summary>A term added to the generator's loss (zcr's latent term), or null; <paramref name="batch"/>'s Fake carries the graph to G.</summary>
    public virtual Tensor? GeneratorTerm(Module critic, LatentBatch batch, RandomStream rng) => null;

    /// <summary>Called after each critic optimizer step (weight clipping acts here).</summary>
    public virtual void AfterCriticStep(Module critic) { }

    /// <summary>Per-sample uniform weights shaped [B, 1, ..., 1] to broadcast over a batch like <paramref name="like"/>.</summary>
    protected static Tensor PerSampleUniform(RandomStream rng, Tensor like) =>
        Tensor.Uniform(rng, [like.Shape[0], .. Enumerable.Repeat(1, like.Rank - 1)], dtype: like.DType, backend: like.Backend);

    /// <summary>
    /// d D(x) / d x with the graph kept (createGraph), so the penalty's gradient with respect to the
    /// critic's parameters is the gradient of a gradient. x becomes a fresh leaf.
    /// </summary>
    public static (Tensor Point, Tensor Gradient) InputGradient(Module critic, Tensor x)
    {
        var point = x.Detach().RequireGrad();
        var d = critic.Forward(point);
        var g = Autograd.Grad([d], [point], [d.OnesLike()], createGraph: true)[0]!;
        return (point, g);
    }

    /// <summary>The axes other than the batch axis: the norm of a sample's gradient is taken over all of them.</summary>
    protected static int[] SampleAxes(Tensor t) => Enumerable.Range(1, t.Rank - 1).ToArray();

    /// <summary>Names the regulariser and its weight, e.g. "gp(lambda=10)".</summary>
    public override string ToString() => $"{Name}(lambda={Lambda})";
}
