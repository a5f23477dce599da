namespace Engine.Gan.Training;

/// <summary>What one generator iteration measured (critic quantities are means over its critic steps).</summary>
/// <param name="Iteration">Zero-based iteration index.</param>
/// <param name="CriticLoss">E[D(fake)] - E[D(real)] + penalty.</param>
/// <param name="GenLoss">-E[D(G(z))], NaN at iteration 0 (the generator is not trained there).</param>
/// <param name="Wasserstein">The critic's estimate E[D(real)] - E[D(fake)].</param>
/// <param name="Penalty">The weighted penalty term (0 when the regulariser adds none).</param>
/// <param name="GradNormMean">Mean ||grad_x D|| where the penalty looked, NaN when it looked nowhere.</param>
/// <param name="GradNormStd">Standard deviation of those norms.</param>
/// <param name="Seconds">Wall time since the run (or resumed run) started.</param>
public sealed record IterationStats(int Iteration, double CriticLoss, double GenLoss, double Wasserstein, double Penalty,
    double GradNormMean, double GradNormStd, double Seconds)
{
    /// <summary>The generator's evaluation after this iteration, when one was made (see <see cref="TrainConfig.EvalEvery"/>).</summary>
    public Evaluation? Eval { get; init; }

    /// <summary>The weight average's evaluation after this iteration, when one was made.</summary>
    public Evaluation? EvalEma { get; init; }
}
