using Engine.Autodiff;

namespace Engine.Optim;

/// <summary>Stochastic gradient descent with optional momentum (torch.optim.SGD): b = mu b + g; p -= lr b.</summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    public Sgd(IEnumerable<(string Name, Tensor Value)> parameters, double learningRate = 1e-3, double momentum = 0)
        : base(parameters, learningRate)
    {
        if (momentum is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "SGD: momentum must lie in [0, 1)");
        Momentum = momentum;
    }

    /// <summary>Momentum factor (0: plain SGD).</summary>
    public double Momentum { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> Slots => Momentum != 0 ? ["momentum_buffer"] : [];

    /// <inheritdoc />
    protected override void Apply(string name, Tensor param, Tensor grad)
    {
        var step = grad;
        if (Momentum != 0)
        {
            step = Steps == 1 ? grad : Momentum * GetState(name, "momentum_buffer", param) + grad;
            SetState(name, "momentum_buffer", step);
        }
        param.Backend.Copy((param.Detach() - LearningRate * step).Data, param.Data);
    }
}
