using Engine.Gan.Penalties;
namespace Engine.Gan.Figures;

/// <summary>The critic weights of one method in <see cref="WeightsFigure"/>.</summary>
/// <param name="Method">The regulariser.</param>
/// <param name="Weights">Every weight of the critic's Linear layers (biases excluded).</param>
/// <param name="Seconds">Training time.</param>
public sealed record CriticWeights(FigureMethod Method, double[] Weights, double Seconds)
{
    /// <summary>Share of weights whose magnitude equals the clip value (within float32 rounding); NaN for a method that does not clip.</summary>
    public double ShareAtClipValue => Method.Penalty == Regularizers.Clip.Name ? Weights.Count(w => Math.Abs(w) >= Method.Lambda * (1 - 1e-6)) / (double)Weights.Length : double.NaN;

    /// <summary>Standard deviation of the weights.</summary>
    public double Std
    {
        get
        {
            var mean = Weights.Average();
            return Math.Sqrt(Weights.Sum(w => (w - mean) * (w - mean)) / Weights.Length);
        }
    }

    /// <summary>The largest weight magnitude.</summary>
    public double MaxAbs => Weights.Max(Math.Abs);
}
