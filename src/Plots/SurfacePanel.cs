namespace Engine.Plots;

/// <summary>One panel of a <see cref="SurfaceGridPlot"/>: a field over [-Extent, Extent]^2 and the samples drawn on it.</summary>
/// <param name="Title">Text above the panel.</param>
/// <param name="Values">Element [i, j] is at x = column j, y = row i, row 0 at y = -Extent; at least 2 x 2.</param>
/// <param name="Extent">Half the side of the square; positive.</param>
/// <param name="RealXY">Real samples as interleaved x, y pairs, drawn in orange.</param>
public sealed record SurfacePanel(string Title, double[,] Values, double Extent, double[] RealXY);
