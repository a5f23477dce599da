using Engine.Autodiff;
using Engine.Tensors;

namespace Engine.Optim;

/// <summary>
/// RMSProp as torch.optim.RMSprop computes it: v = alpha v + (1 - alpha) g^2; p -= lr g / (sqrt(v) + eps).
/// The original WGAN trains its clipped critic with RMSProp at lr 5e-5.
/// </summary>
public sealed class RmsProp : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    public RmsProp(IEnumerable<(string Name, Tensor Value)> parameters, double learningRate = 5e-5, double alpha = 0.99, double eps = 1e-8)
        : base(parameters, learningRate)
    {
        if (alpha is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "RMSProp: alpha must lie in [0, 1)");
        (Alpha, Eps) = (alpha, eps);
    }

    /// <summary>Decay of the squared-gradient average.</summary>
    public double Alpha { get; }

    /// <summary>Added to the denominator.</summary>
    public double Eps { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> Slots => ["square_avg"];

    /// <inheritdoc />
    public override IReadOnlyList<string> NonNegativeSlots => ["square_avg"];

    /// <summary>The fused backend kernel: one pass over parameter, gradient and the squared average, in place.</summary>
    protected override void Apply(string name, Tensor param, Tensor grad)
    {
        var v = GetState(name, "square_avg", param);
        var g = grad.Data.IsContiguous ? grad.Data : grad.Data.Contiguous();
        param.Backend.RmsPropUpdate(param.Data, g, v.Data, new RmsPropStep(LearningRate, Alpha, Eps));
    }
}
