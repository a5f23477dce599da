namespace Engine.Plots;

/// <summary>One panel of a <see cref="HistogramPlot"/>: bars over consecutive bins.</summary>
/// <param name="Title">Text above the panel.</param>
/// <param name="Edges">Bin edges, increasing: bin k spans [Edges[k], Edges[k + 1]]; one more than <paramref name="Heights"/>.</param>
/// <param name="Heights">Bar heights, one per bin (e.g. the percentage of values in the bin).</param>
/// <param name="Color">Bar colour as a hex string (<see cref="Palette"/>).</param>
/// <param name="XLabel">x-axis title.</param>
/// <param name="YLabel">y-axis title.</param>
public sealed record HistogramPanel(string Title, double[] Edges, double[] Heights, string Color, string XLabel, string YLabel = "% of values");
