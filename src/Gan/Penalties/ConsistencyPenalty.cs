using Engine.Autodiff;
using Engine.Nn;
using Engine.Tensors;

namespace Engine.Gan.Penalties;

/// <summary>
/// Consistency regularisation, no double backward: lambda E[(D(x) - D(T(x)))^2] with T a
/// semantics-preserving transform (<see cref="ConsistencyTransform"/>), gradients flowing through
/// both critic evaluations. <c>cr</c> (Zhang et al. 2020, lambda 10) looks at real data only;
/// <c>bcr</c> (Zhao et al. 2021, "balanced") adds the same term on the generated data, with
/// lambda_real = lambda_fake = <see cref="CriticRegularizer.Lambda"/> (10 in the paper).
/// </summary>
public sealed class ConsistencyPenalty : CriticRegularizer
{
    /// <summary>Also regularise on the generated samples (bcr).</summary>
    public bool Balanced { get; init; }

    /// <summary>The transform T.</summary>
    public ConsistencyTransform Transform { get; init; } = new();

    /// <inheritdoc />
    public override string Name => Balanced ? "bcr" : "cr";

    /// <inheritdoc />
    public override PenaltyTerm? Compute(Module critic, Tensor real, Tensor fake, RandomStream rng)
    {
        var term = Lambda * Consistency(critic, real, rng);
        if (Balanced) term += Lambda * Consistency(critic, fake, rng);
        return new PenaltyTerm(term, null);
    }

    /// <summary>E[(D(x) - D(T(x)))^2] over the batch.</summary>
    private Tensor Consistency(Module critic, Tensor x, RandomStream rng)
    {
        var data = x.Detach();
        // Flat rows are shifted as the images the critic's input layer makes of them, then flattened back.
        var image = critic.NamedModules().Select(m => m.Module).OfType<ImageInput>().FirstOrDefault() is { } input
            ? input.Forward(data) : data;
        var transformed = Transform.Apply(image, rng).Reshape(data.Shape);
        return (critic.Forward(data) - critic.Forward(transformed)).Square().Mean();
    }
}
