using Engine.Gan.Penalties;
namespace Engine.Gan.Figures;

/// <summary>One trained method of a figure: its label, regulariser name and weight (c for clipping, lambda for GP).</summary>
/// <param name="Label">Legend text, e.g. "weight clipping (c = 0.01)".</param>
/// <param name="Penalty">"clip" or "gp".</param>
/// <param name="Lambda">c for clipping, lambda for the gradient penalty.</param>
public sealed record FigureMethod(string Label, string Penalty, double Lambda)
{
    /// <summary>Weight clipping at <paramref name="c"/>.</summary>
    public static FigureMethod Clip(double c) => new($"weight clipping (c = {c.ToString(System.Globalization.CultureInfo.InvariantCulture)})", Regularizers.Clip.Name, c);

    /// <summary>The gradient penalty with weight <paramref name="lambda"/>.</summary>
    public static FigureMethod GradientPenalty(double lambda) => new("gradient penalty", Regularizers.Gp.Name, lambda);
}
