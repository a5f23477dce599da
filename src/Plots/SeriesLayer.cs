using ScottPlot;

namespace Engine.Plots;

/// <summary>Curves drawn into a plot: one line per finite run of each series, one legend entry per series.</summary>
internal static class SeriesLayer
{
    /// <summary>Checks that every series' X and Y have the same length, naming the series (and <paramref name="where"/>).</summary>
    /// <exception cref="ArgumentException">A series' coordinates differ in length.</exception>
    public static void Validate(IEnumerable<PlotSeries> series, string where, string paramName)
    {
        foreach (var s in series)
        {
            ArgumentNullException.ThrowIfNull(s, paramName);
            if (s.X.Length != s.Y.Length)
                throw new ArgumentException($"Series '{s.Name}'{where} has {s.X.Length} x values but {s.Y.Length} y values.", paramName);
        }
    }

    /// <summary>
    /// Draws each series with its colour (or the palette's), lines of width 2, and dots of <paramref name="markerSize"/>
    /// (0 for none) on series of at most <paramref name="dotsUpTo"/> points; names them in the legend when
    /// <paramref name="legend"/>; sets the plot's limits to the finite data, y padded by 5%.
    /// </summary>
    public static void Add(Plot plot, IReadOnlyList<PlotSeries> series, float markerSize, bool legend, double xPad = 0, int dotsUpTo = int.MaxValue)
    {
        for (int i = 0; i < series.Count; i++)
        {
            var color = FigureStyle.ColorOf(series[i].Color, i);
            bool labelled = false;
            foreach (var (x, y) in DataRange.FiniteRuns(series[i].X, series[i].Y))
            {
                var line = plot.Add.ScatterLine(x, y, color);
                line.LineWidth = 2;
                bool dots = markerSize > 0 && series[i].X.Length <= dotsUpTo;
                line.MarkerSize = dots ? markerSize : 0;
                line.MarkerShape = dots ? MarkerShape.FilledCircle : MarkerShape.None;
                if (legend && !labelled)
                    line.LegendText = series[i].Name;
                labelled = true;
            }
        }
        var (xMin, xMax) = DataRange.Finite(series.SelectMany(s => Finite(s, s.X)));
        var (yMin, yMax) = DataRange.Finite(series.SelectMany(s => Finite(s, s.Y)));
        (xMin, xMax) = DataRange.Padded(xMin, xMax, xPad);
        (yMin, yMax) = DataRange.Padded(yMin, yMax, 0.05);
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
    }

    /// <summary>The finite x range of the points drawn of all <paramref name="series"/>; (NaN, NaN) when there are none.</summary>
    public static (double Min, double Max) XRange(IEnumerable<PlotSeries> series) => DataRange.Finite(series.SelectMany(s => Finite(s, s.X)));

    // The coordinate values of the points that are drawn (both coordinates finite).
    private static IEnumerable<double> Finite(PlotSeries s, double[] coordinate) =>
        Enumerable.Range(0, s.X.Length).Where(k => double.IsFinite(s.X[k]) && double.IsFinite(s.Y[k])).Select(k => coordinate[k]);
}
