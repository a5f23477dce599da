namespace Engine.Plots;

/// <summary>A named curve: points (X[k], Y[k]) joined in order; a non-finite point breaks the curve.</summary>
/// <param name="Name">Legend label.</param>
/// <param name="X">Horizontal coordinates, e.g. iterations.</param>
/// <param name="Y">Vertical coordinates; same length as <paramref name="X"/>.</param>
/// <param name="Color">Line colour as a hex string (<see cref="Palette"/>); null picks the series' colour from <see cref="Palette.At"/>.</param>
public sealed record PlotSeries(string Name, double[] X, double[] Y, string? Color = null);

/// <summary>One panel of a <see cref="CurvesPlot"/>: a title, an optional y-axis title and its curves.</summary>
/// <param name="Title">Text above the panel.</param>
/// <param name="Series">Curves drawn in the panel, sharing its axes.</param>
/// <param name="YLabel">Optional y-axis title.</param>
public sealed record PlotPanel(string Title, IReadOnlyList<PlotSeries> Series, string? YLabel = null);
