namespace Engine.Gan.Figures;

/// <summary>One method's gradient norms in <see cref="GradientNormsFigure"/>.</summary>
/// <param name="Method">The regulariser.</param>
/// <param name="Norms">||d L / d h_k|| for the input h_k of critic layer k = 1..N (index k - 1).</param>
/// <param name="Seconds">Training time.</param>
public sealed record LayerGradientNorms(FigureMethod Method, double[] Norms, double Seconds)
{
    /// <summary>log10 of the largest over the smallest norm: how many orders of magnitude the norms span across layers.</summary>
    public double DecadesSpanned => Math.Log10(Norms.Max() / Norms.Min());

    /// <summary>log10 of the norm at the first layer's input over the norm at the last layer's input (positive: grows going back).</summary>
    public double DecadesFirstOverLast => Math.Log10(Norms[0] / Norms[^1]);
}
