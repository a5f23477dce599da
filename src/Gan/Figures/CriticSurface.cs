namespace Engine.Gan.Figures;

/// <summary>One panel of <see cref="CriticSurfaceFigure"/>: a critic's values on a grid and the real samples drawn over it.</summary>
/// <param name="Dataset">Toy data set.</param>
/// <param name="Method">The regulariser.</param>
/// <param name="Values">D over a <see cref="CriticSurfaceFigure.GridSize"/>^2 grid on [-extent, extent]^2 (row i at y_i).</param>
/// <param name="RealXY">Real samples, interleaved x, y.</param>
/// <param name="Wasserstein">E[D(real)] - E[D(fake)] on fresh batches after training: the critic's estimate of the distance.</param>
/// <param name="Seconds">Training time.</param>
public sealed record CriticSurface(string Dataset, FigureMethod Method, double[,] Values, double[] RealXY, double Wasserstein, double Seconds);
